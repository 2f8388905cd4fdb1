namespace Zarr.Buffers.Tests;

/// <summary>Folders the tests read, all inside the repository.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding ZarrTesting.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>tests/data/interop: real Zarr arrays written by other implementations (see its NOTICE.md).</summary>
    public static string Interop => Path.Combine(Root, "tests", "data", "interop");

    /// <summary>tests/data/numcodecs: Zarr v2 arrays with numcodecs' lz4 and bz2 compressors, written by zarr-python 2 (see its README.md).</summary>
    public static string Numcodecs => Path.Combine(Root, "tests", "data", "numcodecs");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ZarrTesting.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ZarrTesting.sln above {AppContext.BaseDirectory}.");
    }
}
