using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// The generators and iteration counts shared by the property and fuzz tests. The run is random (CsCheck prints the
/// seed of a failure, to replay with <c>CsCheck_Seed</c>); <c>ZARR_FUZZ_ITER</c> raises every count for a soak.
/// </summary>
internal static class PropertyGen
{
    /// <summary>The environment variable that replaces every default iteration count, for a longer run.</summary>
    public const string IterationsVariable = "ZARR_FUZZ_ITER";

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    private static readonly JsonNode?[] InterestingJson =
    [
        null, true, -1, 0, 1, 3, 255, 256, -2147483649L, 4294967296L, long.MaxValue, long.MinValue, ulong.MaxValue,
        1e300, -0.0, 0.5, "", "NaN", "Infinity", "x", "little", "big", "int32", "bytes", "C", "F",
        new JsonArray(), new JsonArray(1), new JsonArray(0, 0), new JsonArray(long.MaxValue, long.MaxValue),
        new JsonArray(-1, 2), new JsonObject(), new JsonObject { ["name"] = "bytes" },
    ];

    /// <summary><paramref name="defaultCount"/>, or the count that <see cref="IterationsVariable"/> sets.</summary>
    public static long Iterations(long defaultCount) =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count) && count > 0
            ? count
            : defaultCount;

    /// <summary>Byte arrays of 0 to <paramref name="maxLength"/> bytes.</summary>
    public static Gen<byte[]> Bytes(int maxLength) => Gen.Byte.Array[0, maxLength];

    /// <summary>An element of <paramref name="values"/>, shrinking toward the first.</summary>
    public static Gen<T> OneOf<T>(IReadOnlyList<T> values) => Gen.Int[0, values.Count - 1].Select(i => values[i]);

    /// <summary>
    /// <paramref name="valid"/> with one to four random edits: a byte flipped, set to a boundary value, inserted or
    /// removed, a run duplicated, or the tail cut off. The input is never modified.
    /// </summary>
    public static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Int[1, 4].SelectMany(count => Edit.Array[count]).Select(edits => edits.Aggregate(valid, (bytes, edit) => edit(bytes)));

    /// <summary>
    /// <paramref name="valid"/> (a JSON object) with one value replaced by a boundary value of another kind or
    /// removed, or a key added; then, half of the time, with byte edits as <see cref="Mutations"/> makes.
    /// </summary>
    public static Gen<byte[]> JsonMutations(string valid)
    {
        var node = JsonNode.Parse(valid)!;
        int count = Descendants(node).Count();
        var structural = Gen.Select(Gen.Int[0, count - 1], Gen.Int[0, InterestingJson.Length - 1], Gen.Int[0, 2],
            (target, value, how) => System.Text.Encoding.UTF8.GetBytes(Replace(node, target, value, how)));
        return Gen.Frequency(
            (2, structural),
            (1, structural.SelectMany(Mutations)),
            (1, Mutations(System.Text.Encoding.UTF8.GetBytes(valid))));
    }

    private static Gen<Func<byte[], byte[]>> Edit => Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue - 1], Gen.Byte,
        (kind, where, value) => (Func<byte[], byte[]>)(bytes => ApplyEdit(bytes, kind, where, value)));

    private static byte[] ApplyEdit(byte[] bytes, int kind, int where, byte value)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }

        int at = where % bytes.Length;
        int run = Math.Min(bytes.Length - at, 1 + (value % 16));
        return kind switch
        {
            0 => [.. bytes[..at], (byte)(bytes[at] ^ (1 << (value % 8))), .. bytes[(at + 1)..]],
            1 => [.. bytes[..at], InterestingBytes[value % InterestingBytes.Length], .. bytes[(at + 1)..]],
            2 => [.. bytes[..at], value, .. bytes[at..]],
            3 => [.. bytes[..at], .. bytes[(at + run)..]],
            4 => [.. bytes[..(at + run)], .. bytes[at..]],
            _ => bytes[..at],
        };
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }

    /// <summary>A copy of <paramref name="document"/> with node <paramref name="target"/> (in document order) changed: replaced, removed, or given a new key.</summary>
    private static string Replace(JsonNode document, int target, int value, int how)
    {
        var copy = document.DeepClone();
        var node = Descendants(copy).ElementAt(target);
        var replacement = InterestingJson[value]?.DeepClone();
        var parent = node.Parent;
        switch (how, parent, node)
        {
            case (2, _, JsonObject obj):
                obj["fuzz" + value.ToString(CultureInfo.InvariantCulture)] = replacement;
                break;
            case (1, JsonObject obj, _):
                obj.Remove(node.GetPropertyName());
                break;
            case (1, JsonArray array, _):
                array.RemoveAt(node.GetElementIndex());
                break;
            case (_, null, _):
                return replacement?.ToJsonString() ?? "null";
            default:
                node.ReplaceWith(replacement);
                break;
        }

        return copy.ToJsonString();
    }
}
