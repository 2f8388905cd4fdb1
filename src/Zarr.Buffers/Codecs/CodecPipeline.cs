using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>
/// The codec chain of a Zarr v3 array: zero or more array-to-array codecs, exactly one array-to-bytes codec,
/// then zero or more bytes-to-bytes codecs (the <c>codecs</c> array of <c>zarr.json</c>). Encodes a chunk into
/// the bytes a store holds and decodes them back.
/// </summary>
/// <remarks>Immutable and thread-safe; every buffer it returns is made through the prototype it is handed.</remarks>
public sealed class CodecPipeline
{
    private const string ChainRule =
        "a codec pipeline is zero or more array -> array codecs, exactly one array -> bytes codec, then zero or more bytes -> bytes codecs";

    // A bound this large says nothing about memory, and adding a codec's expansion to it could overflow: it is unknown.
    private const long MaxKnownLength = 1L << 62;

    private readonly IArrayArrayCodec[] _arrayArray;
    private readonly IBytesBytesCodec[] _bytesBytes;

    /// <summary>A pipeline of the given codecs, in encoding order.</summary>
    /// <param name="codecs">The codecs: array-to-array ones, one array-to-bytes, then bytes-to-bytes ones.</param>
    /// <exception cref="ArgumentNullException"><paramref name="codecs"/> or one of its codecs is null.</exception>
    /// <exception cref="ArgumentException">The codecs are not in that shape; the message names the codec out of place.</exception>
    public CodecPipeline(IEnumerable<ICodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var arrayArray = new List<IArrayArrayCodec>();
        var bytesBytes = new List<IBytesBytesCodec>();
        IArrayBytesCodec? arrayBytes = null;
        foreach (var codec in codecs)
        {
            ArgumentNullException.ThrowIfNull(codec, nameof(codecs));
            switch (codec)
            {
                case IArrayArrayCodec a when arrayBytes is null:
                    arrayArray.Add(a);
                    break;
                case IArrayBytesCodec b when arrayBytes is null:
                    arrayBytes = b;
                    break;
                case IBytesBytesCodec c when arrayBytes is not null:
                    bytesBytes.Add(c);
                    break;
                case IArrayArrayCodec or IArrayBytesCodec or IBytesBytesCodec:
                    throw new ArgumentException(
                        $"Codec '{codec.Name}' ({Kind(codec)}) is out of place: {ChainRule}; it came {(arrayBytes is null ? "before" : "after")} the array -> bytes codec.",
                        nameof(codecs));
                default:
                    throw new ArgumentException(
                        $"Codec '{codec.Name}' ({codec.GetType().Name}) implements none of IArrayArrayCodec, IArrayBytesCodec and IBytesBytesCodec.", nameof(codecs));
            }
        }

        ArrayBytesCodec = arrayBytes ?? throw new ArgumentException(
            $"The codecs [{string.Join(", ", arrayArray.Select(c => c.Name))}] have no array -> bytes codec (such as 'bytes'): {ChainRule}.", nameof(codecs));
        _arrayArray = [.. arrayArray];
        _bytesBytes = [.. bytesBytes];
    }

    /// <summary>The array-to-array codecs, in encoding order.</summary>
    public IReadOnlyList<IArrayArrayCodec> ArrayArrayCodecs => _arrayArray;

    /// <summary>The array-to-bytes codec.</summary>
    public IArrayBytesCodec ArrayBytesCodec { get; }

    /// <summary>The bytes-to-bytes codecs, in encoding order.</summary>
    public IReadOnlyList<IBytesBytesCodec> BytesBytesCodecs => _bytesBytes;

    /// <summary>Every codec, in encoding order.</summary>
    public IReadOnlyList<ICodec> Codecs => [.. _arrayArray, ArrayBytesCodec, .. _bytesBytes];

    /// <summary>Reads the <c>codecs</c> array of a <c>zarr.json</c>.</summary>
    /// <param name="codecs">The JSON array; each entry an object <c>{"name": ..., "configuration": {...}}</c> or a bare name.</param>
    /// <param name="registry">Where codec names are looked up; <see cref="CodecRegistry.Default"/> when null.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentException"><paramref name="codecs"/> is not an array, an entry or a configuration is malformed, or the chain has the wrong shape.</exception>
    /// <exception cref="NotSupportedException">A codec is not registered (for example <c>blosc</c>); the message names it.</exception>
    public static CodecPipeline FromJson(JsonElement codecs, CodecRegistry? registry = null)
    {
        if (codecs.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"The codecs of an array must be a JSON array, got {codecs.ValueKind}: {MessageText.Bounded(codecs.GetRawText())}.", nameof(codecs));
        }

        registry ??= CodecRegistry.Default;
        return new CodecPipeline(codecs.EnumerateArray().Select(registry.Create).ToList());
    }

    /// <summary>The <c>codecs</c> array for <c>zarr.json</c>.</summary>
    /// <returns>A new JSON array of each codec's metadata.</returns>
    public JsonArray ToJson() => [.. Codecs.Select(c => (JsonNode)c.ToJson())];

    /// <summary>
    /// Checks that every codec applies to chunks of <paramref name="spec"/>, so that an array whose codecs do not fit its
    /// data type or shape fails when it is opened, with a message naming the problem, rather than at its first chunk.
    /// </summary>
    /// <param name="spec">The spec of the array's chunks.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">A codec does not apply to the spec (for example a transpose order of another rank, or a bytes codec without endian for int32).</exception>
    public void Validate(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var codec in _arrayArray)
        {
            codec.Validate(spec);
            spec = codec.ResolveEncodedSpec(spec);
        }

        ArrayBytesCodec.Validate(spec);
        foreach (var codec in _bytesBytes)
        {
            codec.Validate(spec);
        }
    }

    /// <summary>
    /// The most bytes <see cref="Encode"/> makes of a chunk of <paramref name="spec"/> (zarr-python's
    /// <c>compute_encoded_size</c>, as an upper bound): the array-to-bytes codec's bound, widened by each bytes-to-bytes
    /// codec's worst case. <see cref="Decode"/> bounds each bytes-to-bytes decoder by the bound of the codecs before it,
    /// so that a decompression bomb anywhere in the chain is refused at about the cost of a chunk.
    /// </summary>
    /// <param name="spec">The spec of the chunks.</param>
    /// <returns>The bound in bytes, or <see cref="ICodec.UnknownEncodedLength"/> when a codec has none (or it passes 2^62).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">A codec does not apply to <paramref name="spec"/>.</exception>
    /// <exception cref="InvalidOperationException">A codec returned a negative bound.</exception>
    public long MaxEncodedLength(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var codec in _arrayArray)
        {
            spec = codec.ResolveEncodedSpec(spec);
        }

        return LengthBounds(spec)[^1];
    }

    /// <summary>Encodes one chunk into the bytes to store.</summary>
    /// <param name="chunk">The chunk, of <paramref name="spec"/>'s shape and data type.</param>
    /// <param name="spec">The chunk's spec.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <returns>The encoded bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="chunk"/> does not match <paramref name="spec"/>, or a codec does not apply to it.</exception>
    public Buffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype) =>
        EncodeThrough(chunk, spec, prototype, _bytesBytes.Length).Bytes;

    /// <summary>
    /// Encodes one chunk as <see cref="Encode"/> does, the last codec's output left in memory rented from <paramref name="pool"/>
    /// rather than copied into a new buffer: for a store that copies what it is given (<see cref="Storage.IStore.CopiesOnSet"/>).
    /// The codecs before it that can encode into pooled memory too (zstd before crc32c, say) do so, and their memory goes
    /// back as soon as the next codec has encoded it.
    /// </summary>
    /// <returns>The encoded bytes, which the caller disposes once the store has them; null when the last codec is no compressor that can leave its output in pooled memory.</returns>
    internal PooledBytes? EncodePooled(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype, System.Buffers.ArrayPool<byte> pool)
    {
        int pooledFrom = _bytesBytes.Length;
        while (pooledFrom > 0 && _bytesBytes[pooledFrom - 1] is IPooledEncoder)
        {
            pooledFrom--;
        }

        if (pooledFrom == _bytesBytes.Length)
        {
            return null;
        }

        var (bytes, bytesSpec) = EncodeThrough(chunk, spec, prototype, pooledFrom);
        PooledBytes? encoded = null;
        try
        {
            foreach (IPooledEncoder codec in _bytesBytes.AsSpan(pooledFrom))
            {
                var next = codec.EncodePooled(encoded?.Bytes ?? bytes, bytesSpec, pool);
                encoded?.Dispose();
                encoded = next;
            }

            return encoded;
        }
        catch
        {
            encoded?.Dispose();
            throw;
        }
    }

    /// <summary>Encodes a chunk through the array-to-array codecs, the array-to-bytes codec and the first <paramref name="bytesBytesCodecs"/> bytes-to-bytes codecs; the spec the latter see.</summary>
    private (Buffer Bytes, ChunkSpec Spec) EncodeThrough(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype, int bytesBytesCodecs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prototype);
        spec.Validate(chunk, nameof(chunk));
        foreach (var codec in _arrayArray)
        {
            chunk = codec.Encode(chunk, spec, prototype);
            spec = codec.ResolveEncodedSpec(spec);
        }

        var bytes = ArrayBytesCodec.Encode(chunk, spec, prototype);
        foreach (var codec in _bytesBytes.AsSpan(0, bytesBytesCodecs))
        {
            bytes = codec.Encode(bytes, spec, prototype);
        }

        return (bytes, spec);
    }

    /// <summary>Decodes one chunk from stored bytes.</summary>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="spec">The spec of the chunk to decode.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <returns>The chunk, an n-dimensional buffer of <paramref name="prototype"/>'s class with <paramref name="spec"/>'s shape and data type.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A codec does not apply to <paramref name="spec"/>.</exception>
    /// <exception cref="InvalidDataException"><paramref name="bytes"/> is corrupt, truncated or of the wrong size, or a codec's output is longer than the codecs before it encode a chunk of <paramref name="spec"/> to.</exception>
    /// <exception cref="InvalidOperationException">A codec returned a negative <c>MaxEncodedLength</c>.</exception>
    public NDBuffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prototype);
        var specs = new ChunkSpec[_arrayArray.Length];
        for (int i = 0; i < _arrayArray.Length; i++)
        {
            specs[i] = spec;
            spec = _arrayArray[i].ResolveEncodedSpec(spec);
        }

        long[] bounds = LengthBounds(spec);
        bytes = DecodeOuterCodecs(bytes, spec, prototype, bounds);

        // The bytes codec lets the codec next to it decompress straight into the chunk it makes.
        var chunk = _bytesBytes.Length == 0 ? ArrayBytesCodec.Decode(bytes, spec, prototype)
            : ArrayBytesCodec is BytesCodec bytesCodec ? bytesCodec.Decode(_bytesBytes[0], bytes, spec, prototype)
            : ArrayBytesCodec.Decode(_bytesBytes[0].Decode(bytes, spec, prototype, bounds[0]), spec, prototype);
        for (int i = _arrayArray.Length - 1; i >= 0; i--)
        {
            chunk = _arrayArray[i].Decode(chunk, specs[i], prototype);
        }

        return chunk;
    }

    /// <summary>
    /// Whether <see cref="DecodeInto"/> applies to chunks of <paramref name="spec"/>: no array-to-array codec, the
    /// <c>bytes</c> codec, and a data type whose stored bytes are its elements in the host's byte order (not <c>bool</c>,
    /// whose stored bytes other than 0 and 1 must be made 1). Then a decoded chunk's C-ordered memory holds exactly what
    /// the bytes-to-bytes codecs decode to, so they can decode into it.
    /// </summary>
    /// <param name="spec">The spec of the chunks.</param>
    /// <returns>True when <see cref="DecodeInto"/> can decode chunks of <paramref name="spec"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    public bool CanDecodeInto(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _arrayArray.Length == 0 && ArrayBytesCodec is BytesCodec bytes && bytes.StoresElementsAsTheyAre(spec.DType);
    }

    /// <summary>
    /// Decodes one chunk from stored bytes straight into <paramref name="destination"/>, the C-ordered memory of a chunk
    /// of <paramref name="spec"/> (a caller's output, say): the last bytes-to-bytes codec decodes into it
    /// (<see cref="IBytesBytesCodec.DecodeInto"/>), or the bytes are copied when there is none. Bounded like
    /// <see cref="Decode"/>: nothing is written past <paramref name="destination"/>.
    /// </summary>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="spec">The spec of the chunk to decode.</param>
    /// <param name="prototype">Makes every intermediate buffer.</param>
    /// <param name="destination">The chunk's memory: exactly <see cref="ChunkSpec.ByteLength"/> bytes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="ChunkSpec.ByteLength"/> bytes long.</exception>
    /// <exception cref="InvalidOperationException"><see cref="CanDecodeInto"/> is false for <paramref name="spec"/>.</exception>
    /// <exception cref="InvalidDataException"><paramref name="bytes"/> is corrupt or truncated, or does not decode to exactly the chunk's length.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        if (!CanDecodeInto(spec))
        {
            throw new InvalidOperationException($"The codecs {this} cannot decode a {spec} chunk into memory: that takes the bytes codec alone, bytes-to-bytes codecs after it, and a data type other than bool in the host's byte order.");
        }

        if (destination.Length != spec.ByteLength)
        {
            throw new ArgumentException($"A {spec} chunk takes {spec.ByteLength} bytes, but the destination has {destination.Length}.", nameof(destination));
        }

        bytes = DecodeOuterCodecs(bytes, spec, prototype, LengthBounds(spec));
        if (_bytesBytes.Length > 0)
        {
            _bytesBytes[0].DecodeInto(bytes, spec, prototype, destination);
        }
        else if (bytes.Length == destination.Length)
        {
            bytes.AsSpan().CopyTo(destination.Span);
        }
        else
        {
            throw spec.EncodedLengthMismatch($"has {bytes.Length}");
        }
    }

    /// <summary>
    /// Whether <see cref="CreatePartialDecoder"/> reads only the bytes a region needs: the array-to-bytes codec decodes in
    /// part (<see cref="IArrayBytesPartialDecodeCodec"/>) and no other codec surrounds it, so its bytes are the stored
    /// bytes and its elements those of the chunk. Otherwise a partial decoder reads and decodes the whole value.
    /// </summary>
    public bool DecodesPartially => _arrayArray.Length == 0 && _bytesBytes.Length == 0 && ArrayBytesCodec is IArrayBytesPartialDecodeCodec;

    /// <summary>
    /// A partial decoder of the chunk whose stored bytes <paramref name="input"/> reads: the array-to-bytes codec's own
    /// when <see cref="DecodesPartially"/>, else a <see cref="WholeValuePartialDecoder"/> that reads the whole value and
    /// decodes it with <see cref="Decode"/> (so with its bounds on every decompressor). Reads nothing yet.
    /// </summary>
    /// <param name="input">Reads the encoded chunk.</param>
    /// <param name="spec">The spec of the chunk.</param>
    /// <returns>The decoder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The array-to-bytes codec does not apply to <paramref name="spec"/>.</exception>
    public IPartialDecoder CreatePartialDecoder(IByteRangeReader input, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(spec);
        return DecodesPartially
            ? ((IArrayBytesPartialDecodeCodec)ArrayBytesCodec).CreatePartialDecoder(input, spec)
            : new WholeValuePartialDecoder(input, spec, Decode);
    }

    /// <summary>
    /// Whether <see cref="EncodePartialAsync"/> applies: the array-to-bytes codec encodes in part
    /// (<see cref="IArrayBytesPartialEncodeCodec"/>) and no other codec surrounds it.
    /// </summary>
    public bool EncodesPartially => _arrayArray.Length == 0 && _bytesBytes.Length == 0 && ArrayBytesCodec is IArrayBytesPartialEncodeCodec;

    /// <summary>
    /// Encodes the stored chunk that <paramref name="existing"/> reads with <paramref name="region"/> changed to
    /// <paramref name="value"/>, through the array-to-bytes codec's <see cref="IArrayBytesPartialEncodeCodec.EncodePartialAsync"/>.
    /// </summary>
    /// <param name="existing">Reads the stored chunk; a missing chunk counts as all fill value.</param>
    /// <param name="region">The part of the chunk that changes.</param>
    /// <param name="value">The new values, of the region's shape, or a scalar for every element of it.</param>
    /// <param name="spec">The spec of the chunk.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The new encoded chunk, or null when it holds only the fill value.</returns>
    /// <exception cref="InvalidOperationException"><see cref="EncodesPartially"/> is false.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> does not fit the region or the spec.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the chunk.</exception>
    /// <exception cref="InvalidDataException">The stored chunk is corrupt.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<Buffer?> EncodePartialAsync(IByteRangeReader existing, System.Buffers.NRange[] region, NDBuffer value, ChunkSpec spec,
        BufferPrototype prototype, CancellationToken cancellationToken = default) =>
        EncodesPartially
            ? ((IArrayBytesPartialEncodeCodec)ArrayBytesCodec).EncodePartialAsync(existing, region, value, spec, prototype, cancellationToken)
            : throw new InvalidOperationException($"The codecs {this} cannot encode in part: that takes one array -> bytes codec that implements IArrayBytesPartialEncodeCodec and no other codec.");

    /// <summary>The codecs' metadata as JSON.</summary>
    /// <returns>The JSON text of <see cref="ToJson"/>.</returns>
    public override string ToString() => ToJson().ToJsonString();

    /// <summary>
    /// The most bytes each bytes-to-bytes codec is given on encode, so the most it may decode to (index i for codec i),
    /// and last the most the pipeline stores; <see cref="ICodec.UnknownEncodedLength"/> from a codec without a bound on.
    /// </summary>
    private long[] LengthBounds(ChunkSpec bytesSpec)
    {
        long[] bounds = new long[_bytesBytes.Length + 1];
        bounds[0] = Known(ArrayBytesCodec.MaxEncodedLength(bytesSpec), ArrayBytesCodec);
        for (int i = 0; i < _bytesBytes.Length; i++)
        {
            bounds[i + 1] = bounds[i] == ICodec.UnknownEncodedLength ? bounds[i]
                : Known(_bytesBytes[i].MaxEncodedLength(bounds[i], bytesSpec), _bytesBytes[i]);
        }

        return bounds;
    }

    /// <summary>Decodes with every bytes-to-bytes codec but the first (the one next to the array-to-bytes codec), each bounded.</summary>
    private Buffer DecodeOuterCodecs(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long[] bounds)
    {
        for (int i = _bytesBytes.Length - 1; i >= 1; i--)
        {
            bytes = _bytesBytes[i].Decode(bytes, spec, prototype, bounds[i]);
        }

        return bytes;
    }

    private static long Known(long bound, ICodec codec) => bound switch
    {
        < 0 => throw new InvalidOperationException($"Codec '{codec.Name}' ({codec.GetType().Name}) returned a negative MaxEncodedLength, {bound}."),
        >= MaxKnownLength => ICodec.UnknownEncodedLength,
        _ => bound,
    };

    private static string Kind(ICodec codec) => codec switch
    {
        IArrayArrayCodec => "array -> array",
        IArrayBytesCodec => "array -> bytes",
        _ => "bytes -> bytes",
    };
}
