using System.Buffers;
using CsCheck;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// Mutations of every array document of the interop corpus (<c>zarr.json</c> and <c>.zarray</c>), opened with
/// <see cref="ZarrArray.OpenAsync(IStore, string, CancellationToken)"/> and, when that succeeds, read at the first element.
/// </summary>
public class MetadataFuzzTests
{
    private static readonly long Iter = PropertyGen.Iterations(1_500);

    private static readonly (string Name, string Text)[] Documents =
    [
        .. Directory.EnumerateFiles(RepoPaths.Interop, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) is "zarr.json" or ".zarray")
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path)))
            .Where(doc => doc.Item1 == ".zarray" || doc.Item2.Contains("\"array\"", StringComparison.Ordinal))
            .OrderBy(doc => doc.Item2, StringComparer.Ordinal),
    ];

    [Fact]
    public void The_corpus_holds_documents_of_both_formats()
    {
        Documents.Select(d => d.Name).Should().Contain("zarr.json").And.Contain(".zarray");
    }

    [Fact]
    public void Mutated_documents_open_or_fail_with_a_documented_exception_within_bounds() =>
        Gen.OneOf([.. Documents.Select(doc => PropertyGen.JsonMutations(doc.Text).Select(bytes => (doc.Name, bytes)))])
        .Sample(t => FuzzBounds.Run(() => OpenAndReadFirstElement(t.Name, t.bytes),
            typeof(InvalidDataException), typeof(NotSupportedException), typeof(KeyNotFoundException)),
            iter: Iter,
            print: t => $"{t.Name}: {System.Text.Encoding.UTF8.GetString(t.bytes)}");

    private static void OpenAndReadFirstElement(string name, byte[] document)
    {
        var store = new MemoryStore();
        store.StoreDict[name] = CpuBuffer.FromBytes(document);
        var array = ZarrArray.OpenAsync(store, "").GetAwaiter().GetResult();
        if (array.Shape.ToArray().All(length => length > 0))
        {
            NRange[] first = [.. array.Shape.ToArray().Select(_ => new NRange(0, 1))];
            array.ReadAsync(first).GetAwaiter().GetResult().Size.Should().Be(1);
        }
    }
}
