using System.Buffers;
using System.Numerics;
using CsCheck;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Testing.CsCheck;

/// <summary>
/// A shrinking check of the array layer on a store, after zarr-python's <c>ZarrHierarchyStateMachine</c> reduced to
/// arrays, with no test-framework dependency: on generated metadata (v3 with codec chains, sharding, transposes and
/// chunk key encodings; v2 with compressors and orders; fill values with NaN payloads and -0.0), random sequences of
/// region writes (values of the region's shape or one scalar), region reads with <see cref="ZarrArray.ReadAsync"/>,
/// reads into a caller's buffer of either order with <see cref="ZarrArray.ReadIntoAsync"/>, and whole reads, each
/// through the default or the testing prototype, must agree bit for bit with an in-memory model array that starts
/// at the fill value. After the sequence the array is opened again from the store and read whole.
/// </summary>
/// <remarks>
/// <para>
/// The model follows zarr-python on chunks that hold only the fill value (<c>write_empty_chunks</c> false, the
/// default, and inner chunks of <c>sharding_indexed</c>): they are left out of the store and read back as the fill
/// value itself, so a chunk of -0.0 under a 0.0 fill reads as -0.0 (zarr-python tells a zero fill apart by its bits),
/// and one of NaNs with other payloads under a NaN fill reads as the fill's NaN. It knows <c>transpose</c> and <c>sharding_indexed</c> (nested too) and takes every
/// other codec to store each element. <see cref="ZarrArray"/> has no resize, so the sequences do not resize.
/// </para>
/// <para>
/// A failure is shrunk to the shortest sequence on the simplest metadata that still fails and thrown as
/// <see cref="ArrayModelCheckException"/> with the metadata document, the operations and the seed that replays it.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await ArrayModelCheck.RunAsync(() =&gt; new MemoryStore());
/// </code>
/// </example>
public static class ArrayModelCheck
{
    /// <summary>The sequences <see cref="RunAsync"/> samples unless told otherwise or <see cref="CodecConformance.IterationsVariable"/> is set.</summary>
    public const long DefaultIterations = 100;

    /// <summary>The most operations in one sequence.</summary>
    public const int MaxOperations = 8;

    // Samples spent shrinking a failure further from its seed.
    private const long ShrinkIterations = 1_000;

    private static readonly Gen<MemoryOrder> s_orders = Gen.OneOf(MemoryOrder.C, MemoryOrder.F);

    /// <summary>Zarr v3 metadata (shrunk to) or Zarr v2 metadata, of at most three axes of at most six elements.</summary>
    public static Gen<ArrayMetadata> DefaultMetadata { get; } = Gen.OneOf(ZarrGen.ArrayMetadataV3(), ZarrGen.ArrayMetadataV2());

    /// <summary>
    /// Creates an array on a fresh store for each sample and runs a random sequence of writes and reads on it and on
    /// the model; every read must give the model's elements bit for bit.
    /// </summary>
    /// <param name="factory">Makes a new, empty, writable store; called once per sequence, and the store is disposed after it.</param>
    /// <param name="metadata">The arrays to create; null for <see cref="DefaultMetadata"/>. Give your own to reach your codec.</param>
    /// <param name="codecs">The registry the arrays' codecs are built from; null for <see cref="CodecRegistry.Default"/>.</param>
    /// <param name="iterations">The sequences to run; null for <see cref="DefaultIterations"/> or the count <see cref="CodecConformance.IterationsVariable"/> sets.</param>
    /// <param name="seed">A seed from a failure report, to replay that failure; null for a random run.</param>
    /// <param name="cancellationToken">Cancels the store and array calls.</param>
    /// <returns>A task that completes when every sequence has passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below 1.</exception>
    /// <exception cref="ArrayModelCheckException">A read disagreed with the model, or a call threw; it carries the shrunk case and the seed.</exception>
    public static Task RunAsync(
        Func<IStore> factory,
        Gen<ArrayMetadata>? metadata = null,
        CodecRegistry? codecs = null,
        long? iterations = null,
        string? seed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        long count = ShrinkingRun.Iterations(iterations, DefaultIterations);
        var cases = Cases(metadata ?? DefaultMetadata);
        var registry = codecs ?? CodecRegistry.Default;
        return CheckAsync(cases, sample => RunCaseAsync(factory, sample, registry, cancellationToken), count, seed);
    }

    /// <summary>
    /// Samples the cases; on a failure, replays CsCheck's shrunk case and drops, one at a time, every operation it still
    /// fails without: CsCheck shrinks by drawing smaller random cases, which rarely keeps the metadata and drops an operation.
    /// </summary>
    private static async Task CheckAsync(Gen<ArrayCase> cases, Func<ArrayCase, Task> run, long iterations, string? seed)
    {
        var shrunk = await ShrinkingRun.ShrunkFailureAsync(
            (iter, replay) => cases.SampleAsync(run, seed: replay, iter: iter, print: sample => sample.ToString()), iterations, seed, ShrinkIterations).ConfigureAwait(false);
        if (shrunk is null)
        {
            return;
        }

        string? shrunkSeed = CsCheckSeeds.SeedOf(shrunk);
        if (shrunkSeed is not null && await ReducedAsync(await ReplayAsync(cases, shrunkSeed).ConfigureAwait(false), run).ConfigureAwait(false) is { } reduced)
        {
            throw new ArrayModelCheckException(reduced.Failure.Message, reduced.Case.ToString(), shrunkSeed, reduced.Failure);
        }

        throw new ArrayModelCheckException(shrunk.InnerException?.Message ?? shrunk.Message, shrunk.Message, shrunkSeed, shrunk);
    }

    /// <summary>The case <paramref name="seed"/> makes: the first sample of a run from it.</summary>
    private static async Task<ArrayCase> ReplayAsync(Gen<ArrayCase> cases, string seed)
    {
        ArrayCase? replayed = null;
        await cases.SampleAsync(sample =>
        {
            replayed = sample;
            return Task.CompletedTask;
        }, seed: seed, iter: 1, threads: 1).ConfigureAwait(false);
        return replayed!;
    }

    /// <summary><paramref name="failing"/> without every operation it fails without, and its failure; null when it does not fail again.</summary>
    private static async Task<(ArrayCase Case, Exception Failure)?> ReducedAsync(ArrayCase failing, Func<ArrayCase, Task> run)
    {
        if (await FailureAsync(failing, run).ConfigureAwait(false) is not { } failure)
        {
            return null;
        }

        for (int i = failing.Operations.Length - 1; i >= 0; i--)
        {
            var candidate = failing with { Operations = [.. failing.Operations[..i], .. failing.Operations[(i + 1)..]] };
            if (await FailureAsync(candidate, run).ConfigureAwait(false) is { } candidateFailure)
            {
                (failing, failure) = (candidate, candidateFailure);
            }
        }

        return (failing, failure);
    }

    /// <summary>How <paramref name="run"/> fails on <paramref name="sample"/>, as CsCheck would count it a failure; null when it passes.</summary>
    private static async Task<Exception?> FailureAsync(ArrayCase sample, Func<ArrayCase, Task> run)
    {
        try
        {
            await run(sample).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }

    private static async Task RunCaseAsync(Func<IStore> factory, ArrayCase sample, CodecRegistry codecs, CancellationToken cancellationToken)
    {
        var store = factory();
        await using (store.ConfigureAwait(false))
        {
            var array = await ZarrArray.CreateAsync(store, sample.Path, sample.Metadata, codecs, cancellationToken).ConfigureAwait(false);
            array.WriteEmptyChunks = sample.WriteEmptyChunks;
            var model = new ReferenceArray(sample.Metadata, deletesEmptyChunks: !sample.WriteEmptyChunks && store.SupportsDeletes);
            foreach (var operation in sample.Operations)
            {
                await operation.RunAsync(array, model, cancellationToken).ConfigureAwait(false);
            }

            var reopened = await ZarrArray.OpenAsync(store, sample.Path, codecs, cancellationToken).ConfigureAwait(false);
            await new ArrayOperation.Read(null, BufferPrototype.Default).RunAsync(reopened, model, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Gen<ArrayCase> Cases(Gen<ArrayMetadata> metadata) =>
        Gen.Select(metadata, Gen.OneOf("", "group/array"), Gen.Bool).SelectMany((arrayMetadata, path, writeEmptyChunks) =>
            Operation(arrayMetadata).Array[1, MaxOperations].Select(operations => new ArrayCase(arrayMetadata, path, writeEmptyChunks, operations)));

    /// <summary>
    /// The fill value and, for floats and complex numbers, its negation: -0.0 under a 0.0 fill, or a NaN of the other
    /// sign under a NaN fill, elements that zarr-python's empty-chunk rule tells apart from the fill value or not.
    /// </summary>
    private static object[] FillLike(ArrayMetadata metadata) => (metadata.FillValue ?? ReferenceArray.Zero(metadata.DataType)) switch
    {
        Half h => [h, -h],
        float f => [f, -f],
        double d => [d, -d],
        Complex64 c => [c, new Complex64(-c.Real, -c.Imaginary)],
        Complex c => [c, -c],
        var fill => [fill],
    };

    /// <summary>Writes (most often: of the region's shape, of one element, of the fill value or its negation), region reads, reads into a buffer, whole reads; each through either prototype.</summary>
    private static Gen<ArrayOperation> Operation(ArrayMetadata metadata)
    {
        long[] shape = metadata.Shape.ToArray();
        var dataType = metadata.DataType;
        var region = ZarrGen.Region(shape);
        var write = Gen.Select(region, ZarrGen.Prototype, s_orders, Gen.Int[0, 3]).SelectMany((where, prototype, order, kind) => (kind switch
        {
            < 2 => ZarrGen.NDBuffer(dataType, ReferenceArray.RegionShape(where, shape), prototype, order),
            2 => ZarrGen.NDBuffer(dataType, [], prototype, order),
            _ => Gen.OneOf(FillLike(metadata)).Select(element => prototype.NDBuffer.Create([], dataType, MemoryOrder.C, element)),
        }).Select(value => (ArrayOperation)new ArrayOperation.Write(where, value, prototype)));
        var read = Gen.Select(region, ZarrGen.Prototype).Select((where, prototype) => (ArrayOperation)new ArrayOperation.Read(where, prototype));
        var readInto = Gen.Select(region, ZarrGen.Prototype, s_orders).SelectMany((where, prototype, order) =>
            ZarrGen.NDBuffer(dataType, ReferenceArray.RegionShape(where, shape), prototype, order)
                .Select(destination => (ArrayOperation)new ArrayOperation.ReadInto(where, destination, prototype)));
        var readWhole = ZarrGen.Prototype.Select(prototype => (ArrayOperation)new ArrayOperation.Read(null, prototype));
        return Gen.Frequency((3, write), (1, read), (1, readInto), (1, readWhole));
    }
}
