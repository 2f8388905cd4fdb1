using CsCheck;
using Zarr.Storage;

namespace Zarr.Testing.CsCheck;

/// <content>Store keys, valid and hostile, and byte requests.</content>
public static partial class ZarrGen
{
    private const string KeyStart = "abcxyz019";
    private const string KeyRest = "abcxyz019._-";

    /// <summary>
    /// Keys every store accepts: one to four <c>/</c>-separated segments of letters, digits, <c>.</c>, <c>_</c> and
    /// <c>-</c>, none of them <c>.</c>, <c>..</c> or a hidden name. Shrinks toward <c>"a"</c>.
    /// </summary>
    public static Gen<string> StoreKey { get; } =
        Gen.Select(Gen.OneOf(KeyStart.ToCharArray()), Gen.OneOf(KeyRest.ToCharArray()).Array[0, 7],
            (first, rest) => first + new string(rest)).Array[1, 4].Select(segments => string.Join('/', segments));

    /// <summary>
    /// Keys a store must refuse, or handle without leaving its root, for negative tests: <c>""</c> and keys that start
    /// with <c>/</c> (refused by every store), and keys that name another place on a file system: <c>.</c> and
    /// <c>..</c> segments, empty segments, a trailing <c>/</c>, backslashes, drive letters, NUL and lone surrogates,
    /// a segment longer than 255 characters, a key longer than any path, and the name of a store's temporary file;
    /// alone or after a valid key. Shrinks toward <c>""</c>.
    /// </summary>
    public static Gen<string> HostileStoreKey { get; } = Gen.Frequency(
        (1, Gen.OneOf(HostileKeys())),
        (1, Gen.Select(StoreKey, Gen.OneOf(HostileKeys()[2..]), (valid, hostile) => valid + "/" + hostile)));

    /// <summary>
    /// Byte requests for a value of <paramref name="valueLength"/> bytes, and null (the whole value, shrunk to):
    /// <see cref="RangeByteRequest"/>, <see cref="OffsetByteRequest"/> and <see cref="SuffixByteRequest"/> with
    /// bounds mostly inside, at and just past the value's end, and one in four anywhere up to <see cref="long.MaxValue"/>.
    /// </summary>
    /// <param name="valueLength">The length of the value the requests are for, at least 0.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="valueLength"/> is negative.</exception>
    public static Gen<ByteRequest?> ByteRequest(long valueLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueLength);
        var bound = Gen.Frequency((3, Gen.Long[0, valueLength > long.MaxValue - 2 ? long.MaxValue : valueLength + 2]), (1, Gen.Long[0, long.MaxValue]));
        return Gen.OneOf(
            Gen.Const((ByteRequest?)null),
            Gen.Select(bound, bound, (a, b) => (ByteRequest?)new RangeByteRequest(Math.Min(a, b), Math.Max(a, b))),
            bound.Select(offset => (ByteRequest?)new OffsetByteRequest(offset)),
            bound.Select(suffix => (ByteRequest?)new SuffixByteRequest(suffix)));
    }

    /// <summary>The hostile keys; the first two are invalid for every store, the rest only as paths.</summary>
    private static string[] HostileKeys() =>
    [
        "", "/a", ".", "..", "../a", "a/..", "a/../b", "./a", "a/./b", "a//b", "a/", "a\\b", "..\\a", "C:\\a",
        "a\0b", "\uD800", "a\uDC00b", new string('a', 256), string.Join('/', Enumerable.Repeat(new string('a', 200), 40)),
        ".~zarr-a.0.partial",
    ];
}
