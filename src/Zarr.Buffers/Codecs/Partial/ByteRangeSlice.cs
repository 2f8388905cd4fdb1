using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Codecs;

/// <summary>
/// Reads a value that is a slice of another: an inner chunk at <c>[start, start + length)</c> of its shard. Requests
/// resolve against the slice's length and map onto the outer value; the outer value must return every byte the slice
/// claims, else it is truncated and <see cref="_truncated"/> names the slice.
/// </summary>
internal sealed class ByteRangeSlice(IByteRangeReader outer, RangeByteRequest slice, Func<InvalidDataException> truncated) : IByteRangeReader
{
    private readonly IByteRangeReader _outer = outer;
    private readonly RangeByteRequest _slice = slice;
    private readonly Func<InvalidDataException> _truncated = truncated;

    public async ValueTask<Buffer?> GetAsync(ByteRequest? byteRange, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        var request = Map(byteRange);
        var bytes = await _outer.GetAsync(request, prototype, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Checked(bytes, request);
    }

    public async Task<IReadOnlyList<Buffer>?> GetRangesAsync(IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        RangeByteRequest[] requests = [.. ranges.Select(Map)];
        if (await _outer.GetRangesAsync(requests, prototype, cancellationToken).ConfigureAwait(false) is not { } parts)
        {
            return null;
        }

        return [.. parts.Select((bytes, i) => Checked(bytes, requests[i]))];
    }

    private RangeByteRequest Map(ByteRequest? byteRange)
    {
        long length = _slice.End - _slice.Start;
        var (start, count) = byteRange?.Resolve(length) ?? (0, length);
        return new RangeByteRequest(_slice.Start + start, _slice.Start + start + count);
    }

    private Buffer Checked(Buffer bytes, RangeByteRequest request) =>
        bytes.Length == request.End - request.Start ? bytes : throw _truncated();
}
