using Zarr.Storage;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Tests.CsCheck.PlantedBugs;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>
/// The store checks themselves: a correct store passes both, and a planted bug fails with the shrunk operation sequence
/// and a seed that replays it in the exception.
/// </summary>
public class StoreModelCheckTests
{
    /// <summary>CsCheck's report of a sequence of a single delete.</summary>
    // CsCheck shrinks by random search on several threads, so how far a failure shrinks varies from run to run (one
    // delete alone, or a get before it, was seen); what holds is a handful of operations with the delete among them.
    private const string AFewOperationsWithADelete = @"Operations: \[(\w+\([^()]*\), ){0,2}Delete\([^,()]+\)(, \w+\([^()]*\)){0,2}\]";

    [Fact]
    public async Task A_correct_store_passes_both_checks()
    {
        await StoreModelCheck.RunAsync(() => new MemoryStore(), 50, cancellationToken: TestContext.Current.CancellationToken);
        await StoreModelCheck.RunParallelAsync(() => new MemoryStore(), 10, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_delete_that_leaves_the_key_listed_fails_shrunk_to_a_few_operations()
    {
        var failure = await Failure(seed: null);

        failure.Check.Should().Be(nameof(StoreModelCheck.RunAsync));
        failure.Seed.Should().NotBeNullOrEmpty();
        failure.ShrunkCase.Should().MatchRegex(AFewOperationsWithADelete, "deleting a key that was never set is enough")
            .And.Contain(": missing", "the store lists the deleted key, which then reads as missing");
        failure.Message.Should().Contain(failure.ShrunkCase).And.Contain(failure.Seed);
    }

    [Fact]
    public async Task The_seed_of_a_failure_replays_it()
    {
        var failure = await Failure(seed: null);

        var replayed = await Failure(failure.Seed);

        replayed.ShrunkCase.Should().MatchRegex(AFewOperationsWithADelete, "the replay fails and shrinks as the first run did");
    }

    [Fact]
    public async Task The_parallel_check_fails_on_the_planted_bug_too()
    {
        var failure = (await FluentActions.Awaiting(() => StoreModelCheck.RunParallelAsync(() => new DeleteLeavesKeyListedStore(), 20, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<StoreModelCheckException>()).Which;

        failure.Check.Should().Be(nameof(StoreModelCheck.RunParallelAsync));
        failure.Seed.Should().NotBeNullOrEmpty();
        failure.ShrunkCase.Should().Contain("Delete(");
        failure.Message.Should().Contain(failure.ShrunkCase).And.Contain(failure.Seed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Fewer_than_one_iteration_is_refused(long iterations) =>
        (await FluentActions.Awaiting(() => StoreModelCheck.RunAsync(() => new MemoryStore(), iterations))
            .Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("iterations").And.Contain(iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<StoreModelCheckException> Failure(string? seed) =>
        (await FluentActions.Awaiting(() => StoreModelCheck.RunAsync(() => new DeleteLeavesKeyListedStore(), 50, seed, TestContext.Current.CancellationToken))
            .Should().ThrowAsync<StoreModelCheckException>()).Which;
}
