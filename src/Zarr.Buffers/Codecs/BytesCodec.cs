using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>
/// The Zarr v3 <c>bytes</c> codec: serialises a chunk as its elements in C order, each in the configured byte order.
/// </summary>
/// <remarks>
/// <para>
/// Encoding C-contiguous data that is already in the requested byte order is zero-copy: the returned buffer's
/// bytes are the chunk's memory, so writes through either are visible through the other. Otherwise encoding makes
/// one copy, byte-swapped with vectorised primitives (each part of a complex number on its own).
/// </para>
/// <para>
/// Decoding bytes in the host's byte order whose memory holds the elements (a <c>T[]</c> seen as bytes, or any memory
/// for <c>uint8</c> and <c>int8</c>) is zero-copy too: the result is a view of the input, made through
/// <c>prototype.NDBuffer.FromNDArrayLike</c>. Other bytes (a <see cref="System.Numerics.Tensors.Tensor{T}"/> wraps only a
/// <c>T[]</c>, so a <c>byte[]</c> cannot be seen as floats) are decoded into a result allocated once, through
/// <c>prototype.NDBuffer.Empty</c>, with one copy or swap. A <c>bool</c> byte other than 0 or 1 decodes as
/// <see langword="true"/>, as numpy's nonzero test reads it.
/// </para>
/// </remarks>
public sealed class BytesCodec : IArrayBytesPartialDecodeCodec
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "bytes";

    /// <summary>A bytes codec writing and reading <paramref name="endian"/> byte order.</summary>
    /// <param name="endian">The byte order of the encoded values; null is valid only for one-byte data types.</param>
    public BytesCodec(Endian? endian = Buffers.Endian.Little) => Endian = endian;

    /// <summary>The byte order of the encoded values; null when the codec is only for one-byte data types.</summary>
    public Endian? Endian { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its <c>zarr.json</c> configuration: <c>{"endian": "little" | "big"}</c>, the key optional.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or an endian other than <c>little</c> or <c>big</c>.</exception>
    public static BytesCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "endian");
        return CodecJson.GetString(configuration, CodecName, "endian") switch
        {
            null => new BytesCodec(null),
            "little" => new BytesCodec(Buffers.Endian.Little),
            "big" => new BytesCodec(Buffers.Endian.Big),
            _ => throw CodecJson.Invalid(CodecName, "endian", configuration.GetProperty("endian"), "\"little\" or \"big\""),
        };
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, Endian is { } endian
        ? new JsonObject { ["endian"] = endian == Buffers.Endian.Little ? "little" : "big" }
        : null);

    /// <summary>Checks that the codec has an endian when the data type needs one.</summary>
    /// <param name="spec">The spec of the chunks to encode.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="Endian"/> is null and the data type has more than one byte.</exception>
    public void Validate(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        NeedsSwap(spec.DType);
    }

    /// <summary>The chunk's elements in C order and in <see cref="Endian"/> byte order.</summary>
    /// <param name="chunk">The chunk to encode.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>A buffer of <paramref name="prototype"/>'s class: the chunk's own memory when it is C-contiguous and in the requested byte order, else one copy.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><see cref="Endian"/> is null and the data type has more than one byte.</exception>
    public Buffer Encode(NDBuffer chunk, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(prototype);
        var dtype = chunk.DType;
        bool swap = NeedsSwap(dtype);
        var (bytes, copied) = dtype.Accept(new COrderBytes(chunk));
        if (swap)
        {
            Memory<byte> target = copied ? bytes : GC.AllocateUninitializedArray<byte>(bytes.Length);
            ByteOrder.Swap(bytes.Span, target.Span, dtype);
            bytes = target;
        }

        return prototype.Buffer.FromArrayLike(bytes);
    }

    /// <inheritdoc />
    public Buffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(chunk, nameof(chunk));
        return Encode(chunk, prototype);
    }

    /// <summary>Reads a chunk of <paramref name="dtype"/> and <paramref name="shape"/> from its encoded bytes.</summary>
    /// <param name="bytes">The elements in C order and in <see cref="Endian"/> byte order.</param>
    /// <param name="dtype">The data type of the chunk.</param>
    /// <param name="shape">The shape of the chunk.</param>
    /// <param name="prototype">Makes the returned buffer (with <c>Empty</c>, in C order).</param>
    /// <returns>
    /// An n-dimensional buffer of <paramref name="prototype"/>'s class. When the bytes are in the host's byte order and
    /// their memory holds the elements (a <c>T[]</c> seen as bytes, as <see cref="Encode(NDBuffer, BufferPrototype)"/> makes
    /// of a dense chunk, or any memory for one-byte integers), it is a view of them without a copy, as
    /// <see cref="Encode(NDBuffer, BufferPrototype)"/> is the other way (a prototype whose buffers keep storage of their own copies
    /// in its <c>FromNDArrayLike</c>); otherwise a new buffer. Copy it before changing it.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length.</exception>
    /// <exception cref="ArgumentException"><see cref="Endian"/> is null and the data type has more than one byte.</exception>
    /// <exception cref="InvalidDataException"><paramref name="bytes"/> does not hold exactly the chunk's number of bytes.</exception>
    public NDBuffer Decode(Buffer bytes, DataType dtype, ReadOnlySpan<long> shape, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(prototype);
        long expected = ShapeMath.ValidateNewShape(shape, nameof(shape)) * (long)dtype.ItemSize;
        if (bytes.Length != expected)
        {
            throw new InvalidDataException(
                $"A {dtype} chunk of shape {ShapeMath.Format(shape)} takes {expected} bytes, but the encoded chunk has {bytes.Length}.");
        }

        return Decode(new Encoded(bytes, null, null, prototype), dtype, shape);
    }

    /// <inheritdoc />
    public NDBuffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Decode(bytes, spec.DType, spec.Shape, prototype);
    }

    /// <summary>Returns the exact length of a chunk of <paramref name="spec"/>: its elements' bytes.</summary>
    /// <param name="spec">The spec of the chunks to encode.</param>
    /// <returns><see cref="ChunkSpec.ByteLength"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    public long MaxEncodedLength(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.ByteLength;
    }

    /// <summary>
    /// Decodes a chunk whose bytes <paramref name="compressor"/> decodes straight into the chunk's memory: the pipeline's
    /// path when a bytes-to-bytes codec follows this one, so that the chunk is the only allocation proportional to the data.
    /// </summary>
    internal NDBuffer Decode(IBytesBytesCodec compressor, Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
        Decode(new Encoded(bytes, compressor, spec, prototype), spec.DType, spec.Shape);

    /// <summary>
    /// A partial decoder that reads only the bytes of a region: the contiguous runs of its elements in C order (one per
    /// element of the axes before the trailing ones it covers whole), in one <see cref="IByteRangeReader.GetRangesAsync"/>
    /// call, or one read when the region is one run or the whole chunk.
    /// </summary>
    /// <param name="input">Reads the encoded chunk.</param>
    /// <param name="spec">The spec of the chunk.</param>
    /// <returns>The decoder; it reads nothing until asked for a region.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><see cref="Endian"/> is null and the data type has more than one byte.</exception>
    public IPartialDecoder CreatePartialDecoder(IByteRangeReader input, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(spec);
        return new BytesPartialDecoder(this, input, spec);
    }

    /// <summary>The metadata, for example <c>{"name":"bytes","configuration":{"endian":"little"}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    /// <summary>Whether a chunk of <paramref name="dtype"/> is stored as its elements' own bytes: in the host's byte order, and not bool (whose stored bytes other than 0 and 1 must be made 1).</summary>
    internal bool StoresElementsAsTheyAre(DataType dtype) =>
        dtype != DataType.Bool && (Endian is { } endian ? !ByteOrder.NeedsSwap(dtype, endian) : dtype.ItemSize == 1);

    private bool NeedsSwap(DataType dtype)
    {
        if (Endian is { } endian)
        {
            return ByteOrder.NeedsSwap(dtype, endian);
        }

        return dtype.ItemSize == 1 ? false : throw new ArgumentException(
            $"The bytes codec has no endian, which is valid only for one-byte data types, not {dtype} ({dtype.ItemSize} bytes); configure \"endian\": \"little\" or \"big\".",
            nameof(dtype));
    }

    private NDBuffer Decode(Encoded encoded, DataType dtype, ReadOnlySpan<long> shape)
    {
        bool swap = NeedsSwap(dtype);
        // Stored bytes in the host's order are the elements already; a view saves the chunk-sized copy when their memory
        // allows one (bool is excluded: a stored byte other than 0 and 1 must be made 1).
        if (encoded.Compressor is null && !swap && dtype != DataType.Bool
            && dtype.Accept(new ViewOf(encoded.Bytes, shape.ToArray(), encoded.Prototype)) is { } view)
        {
            return view;
        }

        var chunk = encoded.Prototype.NDBuffer.Empty(shape, dtype, MemoryOrder.C);
        dtype.Accept(new DecodeInto(encoded, chunk, swap));
        return chunk;
    }

    /// <summary>The chunk's bytes in C order: its own memory when it is dense, else a fresh copy.</summary>
    private readonly struct COrderBytes(NDBuffer chunk) : IDataTypeVisitor<(Memory<byte> Bytes, bool Copied)>
    {
        public (Memory<byte> Bytes, bool Copied) Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var tensor = chunk.AsTensor<T>();
            if (TensorMemoryManager<T>.TryGetMemory(tensor, out var memory))
            {
                return (memory, false);
            }

            T[] copy = GC.AllocateUninitializedArray<T>(checked((int)tensor.FlattenedLength));
            StridedCopy.Copy(tensor, Tensor.Create(copy, tensor.Lengths));
            return (copy.AsMemory().Cast<T, byte>(), true);
        }
    }

    /// <summary>The chunk as a view of its stored bytes, made through the prototype, or null when their memory cannot be one (see <see cref="ElementMemory"/>).</summary>
    private readonly struct ViewOf(Buffer bytes, long[] shape, BufferPrototype prototype) : IDataTypeVisitor<NDBuffer?>
    {
        public NDBuffer? Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> =>
            ElementMemory.TryGetArray(bytes.AsArrayLike(), out ArraySegment<T> elements)
                ? prototype.NDBuffer.FromNDArrayLike(NDArray.Wrap(NDArray.CreateTensor(elements.Array!, elements.Offset, shape), shape))
                : null;
    }

    /// <summary>The encoded bytes of a chunk, raw or still to be decoded by the bytes-to-bytes codec next to this one.</summary>
    private readonly record struct Encoded(Buffer Bytes, IBytesBytesCodec? Compressor, ChunkSpec? Spec, BufferPrototype Prototype)
    {
        /// <summary>Writes the chunk's elements, in the host's byte order, into <paramref name="destination"/>.</summary>
        public void WriteTo(Memory<byte> destination, DataType dtype, bool swap)
        {
            var target = destination.Span;
            ReadOnlySpan<byte> source = Bytes.AsSpan();
            if (Compressor is not null)
            {
                Compressor.DecodeInto(Bytes, Spec!, Prototype, destination);
                source = target;
            }

            if (dtype == DataType.Bool)
            {
                // A .NET bool must be 0 or 1; any other stored byte is nonzero, so true.
                TensorPrimitives.Min(source, (byte)1, target);
            }
            else if (swap)
            {
                ByteOrder.Swap(source, target, dtype);
            }
            else if (Compressor is null)
            {
                source.CopyTo(target);
            }
        }
    }

    /// <summary>Fills a freshly made chunk from its encoded bytes, through a scratch array only if its memory is strided.</summary>
    private readonly struct DecodeInto(Encoded encoded, NDBuffer chunk, bool swap) : IDataTypeVisitor<bool>
    {
        public bool Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var tensor = chunk.AsTensor<T>();
            if (TensorMemoryManager<T>.TryGetMemory(tensor, out var memory))
            {
                encoded.WriteTo(memory, dataType, swap);
                return true;
            }

            T[] scratch = GC.AllocateUninitializedArray<T>(checked((int)tensor.FlattenedLength));
            encoded.WriteTo(scratch.AsMemory().Cast<T, byte>(), dataType, swap);
            StridedCopy.Copy(Tensor.Create(scratch, tensor.Lengths), tensor);
            return true;
        }
    }
}
