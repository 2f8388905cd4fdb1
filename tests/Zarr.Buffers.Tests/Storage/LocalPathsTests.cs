using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public sealed class LocalPathsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarr-localpaths-" + Guid.NewGuid().ToString("N"));

    public LocalPathsTests() => Directory.CreateDirectory(Path.Combine(_folder, "root"));

    private string RootPath => Path.Combine(_folder, "root");

    /// <summary>The test folder with links followed (the temporary folder is itself a link on macOS).</summary>
    private string RealFolder => new LocalPaths(_folder).ResolvedRoot;

    private string RealRoot => Path.Combine(RealFolder, "root");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("a")]
    [InlineData("a/b/c")]
    [InlineData(".zarray")]
    [InlineData("..x")]
    public void Ordinary_keys_pass(string key)
    {
        var paths = new LocalPaths(RootPath);

        paths.ValidateKey(key);

        paths.Locate(key).Should().Be((Path.Join(RealRoot, key), Path.Join(RealRoot, key)));
    }

    [Fact]
    public void A_segment_of_the_longest_file_name_passes_and_one_longer_is_refused_naming_the_limit()
    {
        var paths = new LocalPaths(RootPath);
        string longest = new('k', LocalPaths.MaxNameLength);

        paths.ValidateKey("a/" + longest);
        Action tooLong = () => paths.ValidateKey("a/" + longest + "k/b");

        tooLong.Should().Throw<ArgumentException>().WithMessage($"*segment '{longest[..200]}… (256 characters)'*255*")
            .Which.ParamName.Should().Be("key");
    }

    [Fact]
    public void Segment_lengths_count_utf8_bytes_on_unix()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows limits names in UTF-16 characters");
        var paths = new LocalPaths(RootPath);

        paths.ValidateKey(new string('é', 127));
        Action tooLong = () => paths.ValidateKey(new string('é', 128));

        tooLong.Should().Throw<ArgumentException>().WithMessage("*UTF-8 bytes*");
    }

    [Theory]
    [InlineData("a", 0xD800, "")]
    [InlineData("", 0xDC00, "/b")]
    [InlineData("a/b", 0xDC00, "c")]
    [InlineData("a/", 0xD83D, "")]
    public void A_key_with_a_lone_surrogate_is_refused_because_its_file_name_would_alias_other_keys(string before, int surrogate, string after)
    {
        // Built here: a lone surrogate does not survive test-case serialisation as a string argument.
        string key = before + (char)surrogate + after;
        var paths = new LocalPaths(RootPath);

        Action validate = () => paths.ValidateKey(key);
        Action directory = () => LocalPaths.ValidatePrefix(key, isDirectory: true);

        validate.Should().Throw<ArgumentException>().WithMessage("*lone surrogate*").Which.ParamName.Should().Be("key");
        directory.Should().Throw<ArgumentException>().WithMessage("*lone surrogate*").Which.ParamName.Should().Be("prefix");
    }

    [Fact]
    public void Surrogate_pairs_pass_and_a_string_prefix_may_end_in_the_first_half_of_one()
    {
        var paths = new LocalPaths(RootPath);

        paths.ValidateKey("a/\uD83D\uDE00");
        LocalPaths.ValidatePrefix("a/\uD83D", isDirectory: false);
    }

    [Fact]
    public void A_key_too_long_for_a_path_is_refused_and_shown_by_its_start_and_length()
    {
        var paths = new LocalPaths(RootPath);
        string key = string.Join('/', Enumerable.Repeat("abcdefghi", LocalPaths.MaxPathLength / 10 + 1));

        Action validate = () => paths.ValidateKey(key);

        validate.Should().Throw<ArgumentException>()
            .WithMessage($"'{key[..200]}… ({key.Length} characters)' is too long*{LocalPaths.MaxPathLength}*");
    }

    [Fact]
    public void The_length_limit_leaves_room_for_the_temporary_file_beside_the_key()
    {
        var paths = new LocalPaths(RootPath);
        // A key whose path is exactly as long as allowed, in a folder too long for a temporary file's name beside it.
        char[] folder = new string('f', LocalPaths.MaxPathLength - RootPath.Length - 3).ToCharArray();
        for (int i = 99; i < folder.Length - 1; i += 100)
        {
            folder[i] = '/';
        }

        string key = new string(folder) + "/k";

        Action validate = () => paths.ValidateKey(key);

        (RootPath.Length + 1 + key.Length).Should().Be(LocalPaths.MaxPathLength);
        validate.Should().Throw<ArgumentException>().WithMessage("*temporary*");
    }

    [Fact]
    public void Checking_a_huge_key_allocates_less_than_the_key_itself()
    {
        var paths = new LocalPaths(RootPath);
        string key = string.Join('/', Enumerable.Repeat("abcdefghi", 30_000));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action validate = () => paths.ValidateKey(key);
        validate.Should().Throw<ArgumentException>();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(key.Length);
    }

    [Fact]
    public void Links_inside_the_root_resolve_to_their_targets_and_links_out_of_it_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "outside"));
        Directory.CreateDirectory(Path.Combine(RootPath, "real"));
        Directory.CreateSymbolicLink(Path.Combine(RootPath, "in"), "real");
        Directory.CreateSymbolicLink(Path.Combine(RootPath, "out"), Path.Combine(_folder, "outside"));
        Directory.CreateSymbolicLink(Path.Combine(RootPath, "back"), Path.Combine("..", "root", "real"));
        File.CreateSymbolicLink(Path.Combine(RootPath, "real", "f"), Path.Combine("..", "..", "outside", "f"));
        var paths = new LocalPaths(RootPath);

        paths.Locate("in/x").Should().Be((Path.Join(RealRoot, "real", "x"), Path.Join(RealRoot, "real", "x")));
        paths.Locate("back/x").Target.Should().Be(Path.Join(RealRoot, "real", "x"), "a link may step out and back in");
        paths.ResolveInside("out").Should().BeNull();
        paths.ResolveInside("in/f").Should().BeNull();
        Action outFolder = () => paths.Locate("out/x");
        Action outFile = () => paths.Locate("in/f");

        outFolder.Should().Throw<ArgumentException>().WithMessage("'out/x' *outside the root*");
        outFile.Should().Throw<ArgumentException>().WithMessage("'in/f' *outside the root*");
    }

    [Fact]
    public void A_key_that_is_a_link_has_its_own_entry_and_its_target()
    {
        File.WriteAllBytes(Path.Combine(RootPath, "x"), [1]);
        File.CreateSymbolicLink(Path.Combine(RootPath, "alias"), "x");
        var paths = new LocalPaths(RootPath);

        paths.Locate("alias").Should().Be((Path.Join(RealRoot, "alias"), Path.Join(RealRoot, "x")));
    }

    [Fact]
    public void Looping_links_are_refused()
    {
        File.CreateSymbolicLink(Path.Combine(RootPath, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(RootPath, "b"), "a");
        var paths = new LocalPaths(RootPath);

        Action loop = () => paths.Locate("a");

        loop.Should().Throw<ArgumentException>().WithMessage("*loop*");
    }

    [Fact]
    public void A_root_reached_through_a_link_is_resolved_once_and_holds_what_is_under_its_target()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "target"));
        string link = Path.Combine(_folder, "link");
        Directory.CreateSymbolicLink(link, "target");
        var paths = new LocalPaths(Path.Combine(link, "."));

        paths.Root.Should().Be(link);
        paths.ResolvedRoot.Should().Be(Path.Combine(RealFolder, "target"));
        paths.Locate("k").Target.Should().Be(Path.Combine(RealFolder, "target", "k"));
        Directory.Delete(link);
        paths.ResolvedRoot.Should().Be(Path.Combine(RealFolder, "target"), "the root is resolved once it exists");
    }

    [Fact]
    public void A_missing_root_resolves_as_far_as_it_exists()
    {
        var paths = new LocalPaths(Path.Combine(RootPath, "not", "yet"));

        paths.ResolvedRoot.Should().Be(Path.Combine(RealRoot, "not", "yet"));
        paths.Locate("a/b").Target.Should().Be(Path.Combine(RealRoot, "not", "yet", "a", "b"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("/a", true)]
    [InlineData("/a/b", true)]
    [InlineData("2", false)]
    [InlineData("-x/a", false)]
    public void Inside_means_the_root_or_under_it_not_a_sibling_sharing_its_name(string suffix, bool inside)
    {
        var paths = new LocalPaths(RootPath);

        paths.IsInside(RealRoot + suffix.Replace('/', Path.DirectorySeparatorChar)).Should().Be(inside);
        paths.IsInside(RealFolder).Should().BeFalse();
    }

    [Fact]
    public void Short_values_are_shown_whole_and_long_ones_by_start_and_length()
    {
        LocalPaths.Show("a/b").Should().Be("'a/b'");
        LocalPaths.Show(new string('x', 201)).Should().Be($"'{new string('x', 200)}… (201 characters)'");
    }
}
