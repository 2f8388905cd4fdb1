using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Testing;

/// <summary>
/// Framework-free checks that codecs make every buffer through the <see cref="BufferPrototype"/> they are handed,
/// on the decode side as well as the encode side.
/// </summary>
/// <remarks>
/// A round trip of a whole array through <see cref="StoreExpectingTestBuffer"/> catches a codec whose encoded output
/// is not a <see cref="TestBuffer"/> (when the chunk reaches the store) and reads through the wrong prototype, but not
/// a codec whose decode ignores the prototype: the array copies each decoded chunk into an output it allocates through
/// the prototype, so the wrong class never surfaces. These checks run every stage on its own with
/// <see cref="Prototype"/> and look at each stage's output.
/// </remarks>
public static class PrototypeChecks
{
    /// <summary>The testing prototype: <see cref="TestBuffer"/> and <see cref="NDBufferUsingTestNDArrayLike"/>.</summary>
    public static BufferPrototype Prototype { get; } = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    /// <summary>
    /// Encodes and decodes <paramref name="sample"/> through <paramref name="codec"/> with <see cref="Prototype"/>, in a
    /// pipeline that adds <see cref="BytesCodec"/> where the codec needs one, and checks the class of every stage's output.
    /// </summary>
    /// <param name="codec">An array-to-array, array-to-bytes or bytes-to-bytes codec.</param>
    /// <param name="spec">The chunk's shape, data type and fill value.</param>
    /// <param name="sample">Values of that shape and data type, of any buffer class.</param>
    /// <returns>The decoded chunk, to compare with <paramref name="sample"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="codec"/> is none of the three codec kinds.</exception>
    /// <exception cref="UnexpectedBufferTypeException">A stage returned a buffer of another class; the message names the codec and the stage.</exception>
    public static NDBuffer CheckCodec(ICodec codec, ChunkSpec spec, NDBuffer sample)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ICodec[] codecs = codec switch
        {
            IArrayArrayCodec => [codec, new BytesCodec()],
            IArrayBytesCodec => [codec],
            IBytesBytesCodec => [new BytesCodec(), codec],
            _ => throw new ArgumentException($"Codec '{codec.Name}' ({codec.GetType().Name}) is not an array-array, array-bytes or bytes-bytes codec.", nameof(codec)),
        };
        return CheckPipeline(new CodecPipeline(codecs), spec, sample);
    }

    /// <summary>
    /// Encodes and decodes <paramref name="sample"/> with <see cref="Prototype"/>, codec by codec and then through
    /// <paramref name="pipeline"/> itself, and checks the class of every stage's output.
    /// </summary>
    /// <param name="pipeline">The codecs to check.</param>
    /// <param name="spec">The chunk's shape, data type and fill value.</param>
    /// <param name="sample">Values of that shape and data type, of any buffer class.</param>
    /// <returns>The chunk decoded by the pipeline, to compare with <paramref name="sample"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="UnexpectedBufferTypeException">A stage returned a buffer of another class; the message names the codec and the stage.</exception>
    public static NDBuffer CheckPipeline(CodecPipeline pipeline, ChunkSpec spec, NDBuffer sample)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sample);
        var prototype = Prototype;
        NDBuffer array = prototype.NDBuffer.FromNDArrayLike(sample.AsNDArrayLike());

        var arrayArray = pipeline.ArrayArrayCodecs;
        var specs = new ChunkSpec[arrayArray.Count + 1];
        specs[0] = spec;
        for (int i = 0; i < arrayArray.Count; i++)
        {
            array = Of(arrayArray[i].Encode(array, specs[i], prototype), arrayArray[i].Name, "Encode");
            specs[i + 1] = arrayArray[i].ResolveEncodedSpec(specs[i]);
        }

        var bytesSpec = specs[^1];
        Buffer bytes = Of(pipeline.ArrayBytesCodec.Encode(array, bytesSpec, prototype), pipeline.ArrayBytesCodec.Name, "Encode");
        foreach (var codec in pipeline.BytesBytesCodecs)
        {
            bytes = Of(codec.Encode(bytes, bytesSpec, prototype), codec.Name, "Encode");
        }

        Buffer encoded = bytes;
        foreach (var codec in pipeline.BytesBytesCodecs.Reverse())
        {
            bytes = Of(codec.Decode(bytes, bytesSpec, prototype), codec.Name, "Decode");
        }

        array = Of(pipeline.ArrayBytesCodec.Decode(bytes, bytesSpec, prototype), pipeline.ArrayBytesCodec.Name, "Decode");
        for (int i = arrayArray.Count - 1; i >= 0; i--)
        {
            array = Of(arrayArray[i].Decode(array, specs[i], prototype), arrayArray[i].Name, "Decode");
        }

        Of(pipeline.Encode(prototype.NDBuffer.FromNDArrayLike(sample.AsNDArrayLike()), spec, prototype), nameof(CodecPipeline), "Encode");
        return Of(pipeline.Decode(encoded, spec, prototype), nameof(CodecPipeline), "Decode");
    }

    /// <summary>
    /// Encodes <paramref name="sample"/> through <paramref name="pipeline"/>, stores it in a <see cref="MemoryStore"/>
    /// and decodes <paramref name="region"/> of it through the pipeline's partial decoder
    /// (<see cref="CodecPipeline.CreatePartialDecoder"/>) with <see cref="Prototype"/>, checking the class of the result:
    /// a partial decoder (a codec's own, or the whole-value fallback) must make its output through the prototype too.
    /// </summary>
    /// <param name="pipeline">The codecs to check.</param>
    /// <param name="spec">The chunk's shape, data type and fill value.</param>
    /// <param name="sample">Values of that shape and data type, of any buffer class.</param>
    /// <param name="region">The region to decode, one range per leading axis.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <returns>The decoded region, to compare with that region of <paramref name="sample"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the chunk.</exception>
    /// <exception cref="UnexpectedBufferTypeException">The partial decoder returned a buffer of another class; the message names the pipeline's array-to-bytes codec.</exception>
    public static async Task<NDBuffer> CheckPartialDecoderAsync(CodecPipeline pipeline, ChunkSpec spec, NDBuffer sample, NRange[] region,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(region);
        var prototype = Prototype;
        var store = new MemoryStore();
        await store.SetAsync("c", pipeline.Encode(prototype.NDBuffer.FromNDArrayLike(sample.AsNDArrayLike()), spec, prototype), cancellationToken).ConfigureAwait(false);
        var decoder = pipeline.CreatePartialDecoder(new StoreByteRangeReader(store, "c"), spec);
        var part = await decoder.DecodeAsync(region, prototype, cancellationToken).ConfigureAwait(false);
        return Of(part, pipeline.ArrayBytesCodec.Name, "partial DecodeAsync");
    }

    private static Buffer Of(Buffer output, string codec, string stage) => Check(output, output.GetType(), Prototype.Buffer.BufferType, codec, stage);

    private static NDBuffer Of(NDBuffer output, string codec, string stage) => Check(output, output.GetType(), Prototype.NDBuffer.NDBufferType, codec, stage);

    private static T Check<T>(T output, Type actual, Type expected, string codec, string stage) => actual == expected
        ? output
        : throw new UnexpectedBufferTypeException(
            $"Codec '{codec}' {stage} returned a {actual.Name} where a {expected.Name}, the class of the prototype's buffer, was expected: "
            + "it made its output without the BufferPrototype it was handed.");
}
