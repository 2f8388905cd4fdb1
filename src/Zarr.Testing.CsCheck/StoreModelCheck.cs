using CsCheck;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing.CsCheck;

/// <summary>
/// Stateful, shrinking checks of a store against a <c>Dictionary&lt;string, byte[]&gt;</c> model, with no test-framework
/// dependency: random sequences of sets, conditional sets, deletes, prefix deletes, ranged gets, existence checks and
/// listings (<see cref="RunAsync"/>), and concurrent writers whose end state must match some sequential order of their
/// operations (<see cref="RunParallelAsync"/>, linearizability). A failure is shrunk to the shortest sequence that
/// still fails and thrown as <see cref="StoreModelCheckException"/> with that sequence and the seed that replays it.
/// </summary>
/// <remarks>
/// The keys are a fixed set in which no key is a folder of another (no <c>a</c> beside <c>a/b</c>): a file store cannot
/// hold both, a limit of the medium rather than a defect. Store calls are waited on from CsCheck's threads.
/// </remarks>
/// <example>
/// <code>
/// await StoreModelCheck.RunAsync(() =&gt; new MemoryStore());
/// await StoreModelCheck.RunParallelAsync(() =&gt; new MemoryStore());
/// </code>
/// </example>
public static class StoreModelCheck
{
    /// <summary>The operation sequences <see cref="RunAsync"/> samples unless told otherwise or <see cref="CodecConformance.IterationsVariable"/> is set.</summary>
    public const long DefaultSequenceIterations = 200;

    /// <summary>The concurrent runs <see cref="RunParallelAsync"/> samples unless told otherwise or <see cref="CodecConformance.IterationsVariable"/> is set; each is replayed in sequential orders until one matches, so they cost more.</summary>
    public const long DefaultParallelIterations = 40;

    // Samples spent shrinking a failure further from its seed: CsCheck otherwise shrinks only with what is left of the run.
    private const long ShrinkIterations = 1_000;

    /// <summary>
    /// Runs random operation sequences on fresh stores and the same sequences on the dictionary model: every read must
    /// return what the model's does and the store must end holding exactly the model's keys and values.
    /// </summary>
    /// <param name="factory">Makes a new, empty, writable store; called once per sequence.</param>
    /// <param name="iterations">The sequences to run; null for <see cref="DefaultSequenceIterations"/> or the count <see cref="CodecConformance.IterationsVariable"/> sets.</param>
    /// <param name="seed">A seed from a failure report, to replay that failure; null for a random run.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <returns>A task that completes when every sequence has passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below 1.</exception>
    /// <exception cref="StoreModelCheckException">A sequence left the store and the model disagreeing; it carries the shrunk sequence and the seed.</exception>
    public static Task RunAsync(Func<IStore> factory, long? iterations = null, string? seed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        long count = ShrinkingRun.Iterations(iterations, DefaultSequenceIterations);
        var operations = new StoreOperations(cancellationToken);
        return Check(nameof(RunAsync), seed, (iter, replay) =>
            Initial(factory).SampleModelBased(
                operations.Sequential,
                equal: (actual, model) => actual.Log.SequenceEqual(model.Log) && operations.SameContent(actual, model),
                seed: replay,
                iter: iter,
                printActual: actual => operations.Print(actual) + " reads: " + string.Join("; ", actual.Log),
                printModel: model => StoreOperations.Print(model) + " reads: " + string.Join("; ", model.Log)),
            count);
    }

    /// <summary>
    /// Runs random writes (set, conditional set, delete) from several threads at once on fresh stores: the store must
    /// end in the state of some sequential order of those calls, and each conditional set must have won as often as in
    /// that order. Only for stores that callers may use concurrently.
    /// </summary>
    /// <param name="factory">Makes a new, empty, writable store; called once per run.</param>
    /// <param name="iterations">The concurrent runs; null for <see cref="DefaultParallelIterations"/> or the count <see cref="CodecConformance.IterationsVariable"/> sets.</param>
    /// <param name="seed">A seed from a failure report, to replay that failure; null for a random run.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <returns>A task that completes when every run has passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below 1.</exception>
    /// <exception cref="StoreModelCheckException">A run ended in a state no sequential order explains; it carries the shrunk operations and the seed.</exception>
    /// <remarks>Prefix deletes are left out: they delete key by key (as zarr-python's do), so beside a concurrent writer they may remove a key written after they began, which no order of whole calls explains.</remarks>
    public static Task RunParallelAsync(Func<IStore> factory, long? iterations = null, string? seed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        long count = ShrinkingRun.Iterations(iterations, DefaultParallelIterations);
        var operations = new StoreOperations(cancellationToken);
        return Check(nameof(RunParallelAsync), seed, (iter, replay) =>
            Initial(factory).SampleParallel(
                operations.Writes,
                equal: operations.SameContent,
                seed: replay,
                iter: iter,
                printActual: operations.Print,
                printModel: StoreOperations.Print),
            count);
    }

    private static Gen<(StoreUnderCheck, StoreDictionaryModel)> Initial(Func<IStore> factory) =>
        Gen.Const(() => (new StoreUnderCheck(factory()), new StoreDictionaryModel()));

    /// <summary>Runs <paramref name="sample"/> on a pool thread, shrinks a failure further, and throws the shrunk case.</summary>
    private static async Task Check(string check, string? seed, Action<long, string?> sample, long iterations)
    {
        if (await ShrinkingRun.ShrunkFailureAsync((iter, replay) => Task.Run(() => sample(iter, replay)), iterations, seed, ShrinkIterations).ConfigureAwait(false) is { } shrunk)
        {
            throw new StoreModelCheckException(check, shrunk.Message, CsCheckSeeds.SeedOf(shrunk), shrunk);
        }
    }
}
