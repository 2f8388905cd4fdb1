using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>
/// Reads every array in tests/data/interop through a <see cref="LocalStore"/> and checks it against expected.json (see
/// <see cref="InteropCheck"/>); then writes each readable array back and reads it again.
/// </summary>
public class InteropTests
{
    private static BufferPrototype Prototype => InteropCheck.Prototype;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static IEnumerable<TheoryDataRow<string>> Arrays() => InteropCheck.Arrays();

    public static IEnumerable<TheoryDataRow<string>> SupportedArrays() => InteropCheck.SupportedArrays();

    [Theory]
    [MemberData(nameof(Arrays))]
    public Task Reads_the_array_or_names_the_unsupported_codec(string path) =>
        InteropCheck.CheckReadsThroughAsync(new LocalStore(Path.Combine(RepoPaths.Interop, path), readOnly: true), path);

    [Theory]
    [MemberData(nameof(SupportedArrays))]
    public async Task Writes_the_array_back_identically(string path)
    {
        var expected = InteropCheck.Expected.Value[path];
        var source = await ZarrArray.OpenAsync(new LocalStore(Path.Combine(RepoPaths.Interop, path), readOnly: true), "", Token);
        var values = await source.ReadAsync(null, Prototype, Token);
        var target = new MemoryStore();

        var copy = await ZarrArray.CreateAsync(target, "copy", source.Metadata, Token);
        await copy.WriteAsync(null, values, Prototype, Token);

        var reopened = await ZarrArray.OpenAsync(target, "copy", Token);
        InteropCheck.Sha256(await reopened.ReadAsync(null, Prototype, Token)).Should().Be((string)expected["array"]!["sha256_le_c"]!);
        foreach (var chunk in expected["chunks"]!.AsArray().Where(c => !(bool)c!["present"]!))
        {
            (await target.ExistsAsync("copy/" + (string)chunk!["key"]!, Token)).Should().BeFalse("a chunk of only the fill value is not written");
        }

        if (InteropCheck.IsDeterministic(expected))
        {
            foreach (var chunk in expected["chunks"]!.AsArray().Where(c => (bool)c!["present"]!))
            {
                string key = (string)chunk!["key"]!;
                var written = await target.GetAsync("copy/" + key, Prototype, null, Token);
                written!.ToBytes().Should().Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Interop, path, key)), $"chunk {key} is encoded byte for byte as the original");
            }
        }
    }
}
