using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public sealed class LocalTreeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarr-localtree-" + Guid.NewGuid().ToString("N"));
    private readonly LocalPaths _paths;
    private readonly LocalTree _tree;

    public LocalTreeTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "root", "real", "deeper"));
        Directory.CreateDirectory(Path.Combine(_folder, "outside"));
        File.WriteAllBytes(Path.Combine(_folder, "outside", "secret"), [7]);
        File.WriteAllBytes(Path.Combine(Root, "real", "x"), [1, 2]);
        File.WriteAllBytes(Path.Combine(Root, "real", "deeper", "y"), [3]);
        _paths = new LocalPaths(Root);
        _tree = new LocalTree(_paths);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Root => Path.Combine(_folder, "root");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Files_follow_links_inside_the_root_and_skip_links_out_dangling_or_looping()
    {
        Directory.CreateSymbolicLink(Path.Combine(Root, "alias"), "real");
        Directory.CreateSymbolicLink(Path.Combine(Root, "out"), Path.Combine(_folder, "outside"));
        File.CreateSymbolicLink(Path.Combine(Root, "real", "secret"), Path.Combine(_folder, "outside", "secret"));
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), "missing");
        Directory.CreateSymbolicLink(Path.Combine(Root, "real", "up"), Root);
        File.WriteAllBytes(Path.Combine(Root, "real", AtomicFileWriter.TempName("x", 0)), [9]);

        var files = _tree.Files(_paths.ResolvedRoot, "", Ct).ToDictionary(file => file.Key, file => new FileInfo(file.File.Path).Length);

        files.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["real/x"] = 2, ["real/deeper/y"] = 1, ["alias/x"] = 2, ["alias/deeper/y"] = 1,
        });
    }

    [Fact(Timeout = 60_000)]
    public void Walks_skip_link_paths_that_reach_no_file_so_a_lattice_of_links_without_files_costs_no_walk_per_path()
    {
        // Two links from each folder to the next: 2^40 paths to the last folder, none of which reaches a file but
        // real/x, which is on the way back up (the walk never re-enters a folder on its path).
        const int Levels = 40;
        for (int i = 0; i <= Levels; i++)
        {
            Directory.CreateDirectory(Path.Combine(Root, "lattice", $"d{i}"));
        }

        for (int i = 0; i < Levels; i++)
        {
            Directory.CreateSymbolicLink(Path.Combine(Root, "lattice", $"d{i}", "a"), $"../d{i + 1}");
            Directory.CreateSymbolicLink(Path.Combine(Root, "lattice", $"d{i}", "b"), $"../d{i + 1}");
        }

        Directory.CreateSymbolicLink(Path.Combine(Root, "lattice", $"d{Levels}", "back"), Path.Combine(Root, "lattice", "d0"));
        string lattice = Path.Combine(_paths.ResolvedRoot, "lattice");

        _tree.Files(lattice, "lattice/", Ct).Should().BeEmpty();
        _tree.HoldsFiles(lattice, Ct).Should().BeFalse();
        _tree.Files(_paths.ResolvedRoot, "", Ct).Select(file => file.Key).Should().BeEquivalentTo("real/x", "real/deeper/y");
    }

    [Fact]
    public void Children_are_the_entries_of_one_folder_with_links_resolved()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "fx"), Path.Combine("real", "x"));

        _tree.Children(_paths.ResolvedRoot).Select(child => (child.Name, child.IsFolder, child.IsLink))
            .Should().BeEquivalentTo([("real", true, false), ("fx", false, true)]);
        _tree.Children(Path.Combine(_paths.ResolvedRoot, "missing")).Should().BeEmpty();
    }

    [Fact]
    public void Holds_files_looks_at_every_depth()
    {
        Directory.CreateDirectory(Path.Combine(Root, "empty", "inside"));

        _tree.HoldsFiles(Path.Combine(_paths.ResolvedRoot, "real"), Ct).Should().BeTrue();
        _tree.HoldsFiles(Path.Combine(_paths.ResolvedRoot, "empty"), Ct).Should().BeFalse();
    }

    [Fact]
    public void Delete_tree_removes_files_links_and_abandoned_temporary_files_keeps_a_live_one_and_the_folder_itself()
    {
        Directory.CreateSymbolicLink(Path.Combine(Root, "real", "out"), Path.Combine(_folder, "outside"));
        string abandoned = Path.Combine(Root, "real", AtomicFileWriter.TempName("x", 0));
        string live = Path.Combine(Root, "real", "deeper", AtomicFileWriter.TempName("y", 0));
        foreach (string temp in new[] { abandoned, live })
        {
            File.WriteAllBytes(temp, [9]);
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-1));
        }

        using (File.OpenHandle(live, FileMode.Open, FileAccess.Write, FileShare.Delete))
        {
            LocalTree.DeleteTree(Path.Combine(Root, "real"), Ct);
        }

        Directory.GetFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Should().BeEquivalentTo([Path.Combine(Root, "real"), Path.Combine(Root, "real", "deeper"), live]);
        File.ReadAllBytes(Path.Combine(_folder, "outside", "secret")).Should().Equal(7);
    }

    [Fact]
    public void Delete_tree_of_a_link_removes_the_link_only()
    {
        string link = Path.Combine(Root, "alias");
        Directory.CreateSymbolicLink(link, "real");

        LocalTree.DeleteTree(link, Ct);

        Path.Exists(link).Should().BeFalse();
        File.Exists(Path.Combine(Root, "real", "x")).Should().BeTrue();
    }

    [Fact]
    public void Only_empty_folders_are_deleted()
    {
        LocalTree.TryDeleteEmptyFolder(Path.Combine(Root, "real")).Should().BeFalse();
        LocalTree.TryDeleteEmptyFolder(Path.Combine(Root, "missing")).Should().BeTrue();
        Directory.CreateDirectory(Path.Combine(Root, "empty"));
        LocalTree.TryDeleteEmptyFolder(Path.Combine(Root, "empty")).Should().BeTrue();
        Directory.Exists(Path.Combine(Root, "empty")).Should().BeFalse();
    }
}
