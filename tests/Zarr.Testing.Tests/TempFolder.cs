namespace Zarr.Testing.Tests;

/// <summary>A fresh folder under the temp path, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "zarr-testing-" + Guid.NewGuid().ToString("N"));

    /// <summary>A new, existing, empty folder inside this one.</summary>
    public string NewSubfolder() => Directory.CreateDirectory(System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Writes a key's file under <paramref name="root"/> directly, creating its folders.</summary>
    public static async ValueTask WriteAsync(string root, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        string path = System.IO.Path.Combine(root, key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, value, cancellationToken);
    }

    /// <summary>Reads a key's file under <paramref name="root"/> directly; null when there is none.</summary>
    public static async ValueTask<byte[]?> ReadAsync(string root, string key, CancellationToken cancellationToken)
    {
        string path = System.IO.Path.Combine(root, key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
