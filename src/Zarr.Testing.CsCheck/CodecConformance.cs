using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CsCheck;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.CsCheck;

/// <summary>
/// Property-based conformance checks for a codec, with no test-framework dependency: each check samples chunk specs
/// and chunks (<see cref="Specs"/>, then <see cref="ZarrGen.NDBuffer"/>), runs the codec on them, and on a failure
/// shrinks to the simplest failing case and throws <see cref="CodecConformanceException"/> naming the check, the shrunk
/// spec and data, and the seed that replays it.
/// </summary>
/// <remarks>
/// The codec runs in the smallest pipeline it can: an array-to-array codec before <see cref="BytesCodec"/>, a
/// bytes-to-bytes codec after it. Specs <see cref="ICodec.Validate"/> refuses are skipped by every check but
/// <see cref="ValidateRefusesOnlyWithArgumentExceptions"/>, so give <see cref="Specs"/> a generator of specs the codec
/// accepts (a rank for <c>transpose</c>, shapes its inner chunks divide for <c>sharding_indexed</c>).
/// </remarks>
/// <param name="codec">The codec under test; it must be safe to call from several threads, as pipelines share codecs.</param>
/// <exception cref="ArgumentNullException"><paramref name="codec"/> is null.</exception>
/// <exception cref="ArgumentException"><paramref name="codec"/> is none of the three codec kinds.</exception>
public sealed class CodecConformance(ICodec codec)
{
    /// <summary>The environment variable that replaces the default iteration count, for a longer run.</summary>
    public const string IterationsVariable = "ZARR_FUZZ_ITER";

    private static readonly Gen<MemoryOrder> s_orders = Gen.OneOf(MemoryOrder.C, MemoryOrder.F);

    private readonly CodecPipeline _pipeline = Pipeline(codec);

    /// <summary>The checks, by name: the names of the methods that run them.</summary>
    public static IReadOnlyList<string> CheckNames { get; } =
    [
        nameof(RoundTripsBitForBit), nameof(EncodesDeterministically), nameof(HonoursThePrototype),
        nameof(ValidateRefusesOnlyWithArgumentExceptions), nameof(JsonConfigurationRoundTrips), nameof(RejectsTruncatedInput),
        nameof(RejectsFlippedBits),
    ];

    /// <summary>100, or the count <see cref="IterationsVariable"/> sets.</summary>
    public static long DefaultIterations =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count) && count > 0
            ? count
            : 100;

    /// <summary>The codec under test.</summary>
    public ICodec Codec { get; } = codec;

    /// <summary>The chunk specs to sample; <see cref="ZarrGen.ChunkSpec(int, long)"/> unless set.</summary>
    public Gen<ChunkSpec> Specs { get; init; } = ZarrGen.ChunkSpec();

    /// <summary>
    /// Which specs the codec accepts, when it declares them: <see cref="ValidateRefusesOnlyWithArgumentExceptions"/> then
    /// requires <see cref="ICodec.Validate"/> to accept exactly these. Null: any spec Validate accepts must round-trip.
    /// </summary>
    public Func<ChunkSpec, bool>? Accepts { get; init; }

    /// <summary>The registry <see cref="JsonConfigurationRoundTrips"/> recreates the codec through; <see cref="CodecRegistry.Default"/> unless set.</summary>
    public CodecRegistry Registry { get; init; } = CodecRegistry.Default;

    /// <summary>
    /// Whether the codec leaves out parts of a chunk equal to the fill value (as <c>sharding_indexed</c> does with
    /// inner chunks) and decodes them as the fill value: then an element equal to the fill value (NaN to any NaN,
    /// -0.0 to 0.0) may come back as any element equal to it.
    /// </summary>
    public bool LeavesOutFillValueChunks { get; init; }

    /// <summary>Whether the codec detects truncated input (a compressor, a checksum, a length check): <see cref="RejectsTruncatedInput"/> runs only then.</summary>
    public bool DetectsTruncation { get; init; }

    /// <summary>Whether the codec detects changed bits (a checksum): <see cref="RejectsFlippedBits"/> runs only then.</summary>
    public bool DetectsFlippedBits { get; init; }

    /// <summary>Samples per check; <see cref="DefaultIterations"/> unless set.</summary>
    public long Iterations { get; init; } = DefaultIterations;

    /// <summary>Samples spent shrinking a failure further, from its seed, once a check has found one; 2,000 unless set.</summary>
    public long ShrinkIterations { get; init; } = 2_000;

    /// <summary>A seed from a failure report, to replay that failure; null for a random run.</summary>
    public string? Seed { get; init; }

    /// <summary>Chunks the codec accepts, C or F order, made through the default prototype.</summary>
    private Gen<ChunkSample> Samples => Specs.SelectMany(spec => s_orders.SelectMany(order =>
        ZarrGen.NDBuffer(spec.DType, spec.Shape.ToArray(), BufferPrototype.Default, order).Select(chunk => new ChunkSample(spec, chunk))));

    /// <summary>Decode(Encode(chunk)) gives the chunk back, bit for bit: NaN payloads, -0.0 and subnormals included.</summary>
    /// <exception cref="CodecConformanceException">A chunk came back different, or encoding or decoding threw.</exception>
    public void RoundTripsBitForBit() => Run(nameof(RoundTripsBitForBit), Samples, sample =>
    {
        var decoded = _pipeline.Decode(_pipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default), sample.Spec, BufferPrototype.Default);
        RequireSameElements(sample, decoded, "decoded");
    });

    /// <summary>Encoding the same chunk twice, and a copy of it, gives the same bytes.</summary>
    /// <exception cref="CodecConformanceException">Two encodings differed.</exception>
    public void EncodesDeterministically() => Run(nameof(EncodesDeterministically), Samples, sample =>
    {
        byte[] first = _pipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default).ToBytes();
        byte[] second = _pipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default).ToBytes();
        byte[] ofCopy = _pipeline.Encode(sample.Chunk.Copy(), sample.Spec, BufferPrototype.Default).ToBytes();
        Require(first.AsSpan().SequenceEqual(second) && first.AsSpan().SequenceEqual(ofCopy),
            $"encoding the same chunk gave different bytes: {Convert.ToHexString(first)}, then {Convert.ToHexString(second)}, then (a copy) {Convert.ToHexString(ofCopy)}");
    });

    /// <summary>
    /// Encode and Decode make every buffer through the prototype they are handed (<see cref="PrototypeChecks.CheckCodec"/>
    /// with <see cref="PrototypeChecks.Prototype"/>), and the result still round-trips.
    /// </summary>
    /// <exception cref="CodecConformanceException">A stage returned a buffer of another class, or the chunk came back different.</exception>
    public void HonoursThePrototype() => Run(nameof(HonoursThePrototype), Samples, sample =>
        RequireSameElements(sample, PrototypeChecks.CheckCodec(Codec, sample.Spec, sample.Chunk), "decoded through the testing prototype"));

    /// <summary>
    /// <see cref="ICodec.Validate"/> either accepts a spec, and then the codec round-trips chunks of it, or refuses it
    /// with an <see cref="ArgumentException"/> (or a subclass); it agrees with <see cref="Accepts"/> when that is set,
    /// and accepts at least one sampled spec.
    /// </summary>
    /// <exception cref="CodecConformanceException">Validate threw another exception, disagreed with <see cref="Accepts"/>, accepted a spec the codec then failed on, or refused every spec.</exception>
    public void ValidateRefusesOnlyWithArgumentExceptions()
    {
        const string Check = nameof(ValidateRefusesOnlyWithArgumentExceptions);
        long accepted = 0;
        Run(Check, Samples, sample =>
        {
            bool accepts = ValidateAccepts(sample.Spec, out var refusal);
            Require(Accepts is null || Accepts(sample.Spec) == accepts,
                accepts ? "Validate accepted a spec the codec declares it refuses" : $"Validate refused a spec the codec declares it accepts: {refusal?.Message}");
            if (accepts)
            {
                Interlocked.Increment(ref accepted);
                var decoded = _pipeline.Decode(_pipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default), sample.Spec, BufferPrototype.Default);
                RequireSameElements(sample, decoded, "decoded after Validate accepted the spec");
            }
        }, skipRefused: false);
        if (accepted == 0)
        {
            throw new CodecConformanceException(Check, $"codec {Codec.ToJson().ToJsonString()} refused every one of {Iterations} sampled specs; set Specs to specs it accepts.", Seed, null);
        }
    }

    /// <summary>
    /// The codec's <see cref="ICodec.ToJson"/>, read back through <see cref="Registry"/>, makes a codec of the same name
    /// and class with the same JSON that encodes chunks to the same bytes.
    /// </summary>
    /// <exception cref="CodecConformanceException">The registry does not know the codec, or the recreated codec differs.</exception>
    public void JsonConfigurationRoundTrips()
    {
        const string Check = nameof(JsonConfigurationRoundTrips);
        string json = Codec.ToJson().ToJsonString();
        ICodec recreated;
        try
        {
            using var document = JsonDocument.Parse(json);
            recreated = Registry.Create(document.RootElement);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or NotSupportedException or JsonException)
        {
            throw new CodecConformanceException(Check, $"the registry could not recreate the codec from its JSON {json}: {ex.Message}", Seed, ex);
        }

        string again = recreated.ToJson().ToJsonString();
        if (recreated.GetType() != Codec.GetType() || recreated.Name != Codec.Name || again != json)
        {
            throw new CodecConformanceException(Check,
                $"the registry made {recreated.GetType().Name} '{recreated.Name}' with JSON {again} from {Codec.GetType().Name} '{Codec.Name}''s JSON {json}.", Seed, null);
        }

        var recreatedPipeline = Pipeline(recreated);
        Run(Check, Samples, sample =>
        {
            byte[] expected = _pipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default).ToBytes();
            byte[] actual = recreatedPipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default).ToBytes();
            Require(expected.AsSpan().SequenceEqual(actual), $"the codec recreated from {json} encoded {Convert.ToHexString(actual)}, the original {Convert.ToHexString(expected)}");
        });
    }

    /// <summary>Decoding the encoding cut short at any length throws <see cref="InvalidDataException"/>; runs when <see cref="DetectsTruncation"/>.</summary>
    /// <exception cref="CodecConformanceException">A truncated encoding decoded, or decoding threw another exception.</exception>
    public void RejectsTruncatedInput()
    {
        if (!DetectsTruncation)
        {
            return;
        }

        Run(nameof(RejectsTruncatedInput), Encoded().SelectMany(t => Gen.Int[0, t.Encoded.Length - 1].Select(length => (t.Sample, t.Encoded, Length: length))), t =>
        {
            byte[] truncated = t.Encoded[..t.Length];
            RequireInvalidData(t.Sample, truncated, $"the encoding of {t.Encoded.Length} bytes cut to {t.Length} bytes ({Convert.ToHexString(truncated)})", allowOriginal: false);
        });
    }

    /// <summary>
    /// Decoding the encoding with one bit flipped throws <see cref="InvalidDataException"/> or, when the bit is one the
    /// format ignores, gives the chunk back unchanged; runs when <see cref="DetectsFlippedBits"/>.
    /// </summary>
    /// <exception cref="CodecConformanceException">A changed encoding decoded to other values, or decoding threw another exception.</exception>
    public void RejectsFlippedBits()
    {
        if (!DetectsFlippedBits)
        {
            return;
        }

        Run(nameof(RejectsFlippedBits), Encoded().SelectMany(t => Gen.Int[0, (t.Encoded.Length * 8) - 1].Select(bit => (t.Sample, t.Encoded, Bit: bit))), t =>
        {
            byte[] flipped = [.. t.Encoded];
            flipped[t.Bit / 8] ^= (byte)(1 << (t.Bit % 8));
            RequireInvalidData(t.Sample, flipped, $"the encoding with bit {t.Bit % 8} of byte {t.Bit / 8} flipped ({Convert.ToHexString(flipped)})", allowOriginal: true);
        });
    }

    /// <summary>Runs every check, in the order of <see cref="CheckNames"/>.</summary>
    /// <exception cref="CodecConformanceException">A check failed; later checks do not run.</exception>
    public void CheckAll()
    {
        RoundTripsBitForBit();
        EncodesDeterministically();
        HonoursThePrototype();
        ValidateRefusesOnlyWithArgumentExceptions();
        JsonConfigurationRoundTrips();
        RejectsTruncatedInput();
        RejectsFlippedBits();
    }

    private static CodecPipeline Pipeline(ICodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new CodecPipeline(codec switch
        {
            IArrayArrayCodec => [codec, new BytesCodec()],
            IArrayBytesCodec => [codec],
            IBytesBytesCodec => [new BytesCodec(), codec],
            _ => throw new ArgumentException($"Codec '{codec.Name}' ({codec.GetType().Name}) is not an array-array, array-bytes or bytes-bytes codec.", nameof(codec)),
        });
    }

    private static void Require(bool condition, string failure)
    {
        if (!condition)
        {
            throw new CodecConformanceException(failure);
        }
    }

    /// <summary>Elements equal bit for bit, or (when the codec leaves out fill-value chunks) both equivalent to the fill value.</summary>
    private static bool SameElement(object expected, object actual, object? fill, bool fillMayReplace) =>
        ElementBits.Of(expected).Equals(ElementBits.Of(actual)) || (fillMayReplace && fill is not null && Equivalent(expected, fill) && Equivalent(actual, fill));

    /// <summary>numpy's <c>array_equal(equal_nan=True)</c> for one element: NaN equals any NaN, -0.0 equals 0.0.</summary>
    private static bool Equivalent(object a, object b) => (a, b) switch
    {
        (Half x, Half y) => x == y || (Half.IsNaN(x) && Half.IsNaN(y)),
        (float x, float y) => x == y || (float.IsNaN(x) && float.IsNaN(y)),
        (double x, double y) => x == y || (double.IsNaN(x) && double.IsNaN(y)),
        (Complex64 x, Complex64 y) => Equivalent((Complex)x, (Complex)y),
        (Complex x, Complex y) => x == y || (IsNaN(x) && IsNaN(y)),
        _ => a.Equals(b),
    };

    private static bool IsNaN(Complex value) => double.IsNaN(value.Real) || double.IsNaN(value.Imaginary);

    private bool ValidateAccepts(ChunkSpec spec, out ArgumentException? refusal)
    {
        try
        {
            Codec.Validate(spec);
            refusal = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            refusal = ex;
            return false;
        }
    }

    /// <summary>Samples with their encoding, for the corruption checks.</summary>
    private Gen<(ChunkSample Sample, byte[] Encoded)> Encoded() =>
        Samples.Where(sample => ValidateAccepts(sample.Spec, out _)).Select(sample => (sample, _pipeline.Encode(sample.Chunk, sample.Spec, BufferPrototype.Default).ToBytes()));

    private void RequireSameElements(ChunkSample sample, NDBuffer decoded, string what)
    {
        Require(decoded.DType == sample.Spec.DType && decoded.Shape.SequenceEqual(sample.Spec.Shape),
            $"{what} chunk is {decoded.DType.Name}[{string.Join(", ", decoded.Shape.ToArray())}], not {sample.Spec.DType.Name}[{string.Join(", ", sample.Spec.Shape.ToArray())}]");
        var expected = sample.Chunk.ToArray();
        var actual = decoded.ToArray();
        var fill = sample.Spec.FillValue;
        for (int i = 0; i < expected.Length; i++)
        {
            object want = expected.GetValue(i)!;
            object got = actual.GetValue(i)!;
            Require(SameElement(want, got, fill, LeavesOutFillValueChunks), $"{what} element {i} (C order) is {ElementBits.Show(got)}, but {ElementBits.Show(want)} was encoded");
        }
    }

    private void RequireInvalidData(ChunkSample sample, byte[] corrupt, string what, bool allowOriginal)
    {
        NDBuffer decoded;
        try
        {
            decoded = _pipeline.Decode(CpuBuffer.FromBytes(corrupt), sample.Spec, BufferPrototype.Default);
        }
        catch (InvalidDataException)
        {
            return;
        }
        catch (Exception ex)
        {
            throw new CodecConformanceException($"decoding {what} threw {ex.GetType().Name} ({ex.Message}), not InvalidDataException", ex);
        }

        Require(allowOriginal, $"decoding {what} returned a chunk instead of throwing InvalidDataException");
        RequireSameElements(sample, decoded, $"decoding {what} returned a changed chunk instead of throwing InvalidDataException: the");
    }

    private void Run<T>(string check, Gen<T> gen, Action<T> body, bool skipRefused = true)
        where T : notnull
    {
        void Checked(T value)
        {
            if (!skipRefused || value is not ChunkSample sample || ValidateAccepts(sample.Spec, out _))
            {
                body(value);
            }
        }

        if (Sample(gen, Checked, Iterations, Seed) is not { } failure)
        {
            return;
        }

        // CsCheck shrinks with what is left of the iterations after the first failure; going on from the failure's
        // seed gives the shrinking its own budget. A failure that does not replay (a nondeterministic codec) stays as found.
        var shrunk = Sample(gen, Checked, ShrinkIterations, CsCheckSeeds.SeedOf(failure)) ?? failure;
        throw new CodecConformanceException(check,
            $"codec {Codec.ToJson().ToJsonString()} failed: {shrunk.InnerException?.Message}\nShrunk input and replay: {shrunk.Message}", CsCheckSeeds.SeedOf(shrunk), shrunk.InnerException ?? shrunk);
    }

    private static CsCheckException? Sample<T>(Gen<T> gen, Action<T> body, long iterations, string? seed)
        where T : notnull
    {
        try
        {
            gen.Sample(body, iter: iterations, seed: seed, print: value => value.ToString() ?? "");
            return null;
        }
        catch (CsCheckException ex)
        {
            return ex;
        }
    }
}
