using Zarr.Storage;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Tests.CsCheck.PlantedBugs;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>
/// The array check itself: ZarrArray passes it on MemoryStore and LocalStore, and a store that drops overwrites fails
/// it with the shrunk metadata and operations and a seed that replays them in the exception.
/// </summary>
public class ArrayModelCheckTests
{
    // A dropped overwrite needs a chunk written, then written again with other values; the check's closing read sees it.
    private const string TwoWrites = @"\nOperations:\n  Write\(.*\)\n  Write\(.*\)$";

    [Fact]
    public async Task ZarrArray_on_a_memory_store_agrees_with_the_model() =>
        await ArrayModelCheck.RunAsync(() => new MemoryStore(), iterations: 1_000, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task ZarrArray_on_a_local_store_agrees_with_the_model()
    {
        using var folder = new TempFolder();

        await ArrayModelCheck.RunAsync(() => new LocalStore(folder.NewSubfolder()), iterations: 150, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_store_that_drops_overwrites_fails_shrunk_to_a_few_operations()
    {
        var failure = await Failure(seed: null);

        failure.Seed.Should().NotBeNullOrEmpty();
        failure.ShrunkCase.Should().MatchRegex(TwoWrites).And.Contain("\"zarr_format\"", "the case names the array's metadata");
        failure.Message.Should().Contain("but the model holds").And.Contain(failure.ShrunkCase).And.Contain(failure.Seed);
    }

    [Fact]
    public async Task The_seed_of_a_failure_replays_it()
    {
        var failure = await Failure(seed: null);

        var replayed = await Failure(failure.Seed);

        replayed.ShrunkCase.Should().MatchRegex(TwoWrites, "the replay fails and shrinks as the first run did");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Fewer_than_one_iteration_is_refused(long iterations) =>
        (await FluentActions.Awaiting(() => ArrayModelCheck.RunAsync(() => new MemoryStore(), iterations: iterations))
            .Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("iterations").And.Contain(iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_null_factory_is_refused() =>
        await FluentActions.Awaiting(() => ArrayModelCheck.RunAsync(null!)).Should().ThrowAsync<ArgumentNullException>().WithParameterName("factory");

    private static async Task<ArrayModelCheckException> Failure(string? seed) =>
        (await FluentActions.Awaiting(() => ArrayModelCheck.RunAsync(() => new OverwriteDroppingStore(), iterations: 100, seed: seed, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ArrayModelCheckException>()).Which;
}
