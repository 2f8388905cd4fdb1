using System.Text.Json;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>The third-party Zarr stores in <c>../shared/interop</c> and their <c>expected.json</c>.</summary>
internal static class InteropData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    private static readonly Lazy<JsonElement[]> s_stores = new(() =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json"))).RootElement.GetProperty("stores").EnumerateArray()]);

    public static string Root => s_root.Value;

    /// <summary>The Zarr v3 arrays, by path relative to <see cref="Root"/>.</summary>
    public static IEnumerable<string> V3Paths =>
        s_stores.Value.Where(s => s.GetProperty("zarr_format").GetInt32() == 3).Select(s => s.GetProperty("path").GetString()!);

    public static JsonElement Store(string path) => s_stores.Value.Single(s => s.GetProperty("path").GetString() == path);

    /// <summary>The array's own <c>zarr.json</c>.</summary>
    public static JsonElement Metadata(string path) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, path, "zarr.json"))).RootElement;

    public static byte[] Chunk(string path, string key) => File.ReadAllBytes(Path.Combine([Root, path, .. key.Split('/')]));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ZarrTesting.sln")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new DirectoryNotFoundException($"No ZarrTesting.sln above {AppContext.BaseDirectory}.")
            : Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "interop"));
    }
}
