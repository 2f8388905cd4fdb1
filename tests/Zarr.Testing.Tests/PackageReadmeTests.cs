using Zarr.Buffers.Tests;

namespace Zarr.Testing.Tests;

/// <summary>
/// Each package's README (src/*/README.md, the package's page on nuget.org): every C# block in it appears verbatim
/// (up to indentation and blank lines) in a .cs file under tests/, so the build compiles what the page shows. The
/// block's using directives may sit anywhere in that file; its other lines must appear together, in order. The same
/// holds for the repository README's section on property-based tests, whose examples tests/Consumer/Consumer.CsCheck runs.
/// </summary>
public class PackageReadmeTests
{
    public static TheoryData<string> Packages() => new("Zarr.Buffers", "Zarr.Testing", "Zarr.Testing.Xunit", "Zarr.Testing.CsCheck", "Zarr.Storage.S3", "Zarr.Storage.Azure");

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_csharp_block_is_compiled_verbatim_under_tests(string package) =>
        RequireCompiledVerbatim(File.ReadAllText(Path.Combine(RepoPaths.Root, "src", package, "README.md")), $"src/{package}/README.md");

    [Fact]
    public void The_property_based_testing_section_of_the_repository_readme_is_compiled_verbatim_under_tests()
    {
        const string Heading = "## Property-based tests of your codec or store";
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf(Heading, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "the README has the section");
        int end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);

        RequireCompiledVerbatim(readme[start..(end < 0 ? readme.Length : end)], $"README.md's \"{Heading}\"");
    }

    private static void RequireCompiledVerbatim(string markdown, string page)
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CodeLines(File.ReadAllText(path)))
            .ToList();

        var blocks = CSharpBlocks(markdown);

        blocks.Should().NotBeEmpty($"{page} shows an example");
        foreach (var block in blocks)
        {
            sources.Any(source => Holds(source, block)).Should().BeTrue(
                $"this block of {page} must be compiled, verbatim, in a .cs file under tests/:\n{string.Join('\n', block)}");
        }
    }

    private static List<string[]> CSharpBlocks(string markdown)
    {
        var blocks = new List<string[]>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "```csharp")
            {
                int end = Array.FindIndex(lines, i + 1, line => line.Trim() == "```");
                blocks.Add(CodeLines(string.Join('\n', lines[(i + 1)..end])));
                i = end;
            }
        }

        return blocks;
    }

    private static string[] CodeLines(string code) =>
        code.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();

    private static bool Holds(string[] source, string[] block)
    {
        var usings = block.Where(IsUsingDirective).ToList();
        var body = block.Where(line => !IsUsingDirective(line)).ToArray();
        return usings.All(source.Contains) && ContainsRun(source, body);
    }

    private static bool IsUsingDirective(string line) =>
        line.StartsWith("using ", StringComparison.Ordinal) && line.EndsWith(';') && !line.Contains('(', StringComparison.Ordinal);

    private static bool ContainsRun(string[] source, string[] run) =>
        source.Length >= run.Length && Enumerable.Range(0, source.Length - run.Length + 1).Any(start => source.AsSpan(start, run.Length).SequenceEqual(run));
}
