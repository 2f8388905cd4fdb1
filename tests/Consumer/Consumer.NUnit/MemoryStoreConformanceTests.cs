using NUnit.Framework;
using Zarr.Storage;
using Zarr.Testing;

namespace Consumer.NUnit;

// The README's NUnit route: the framework-free checks, one NUnit case per check.
public sealed class MemoryStoreConformanceTests
{
    public static IEnumerable<string> CheckNames =>
        new StoreConformance<MemoryStore>(new MemoryStoreHarness()).Checks.Select(check => check.Name);

    [TestCaseSource(nameof(CheckNames))]
    public async Task Conforms(string checkName)
    {
        await using var harness = new MemoryStoreHarness();
        var conformance = new StoreConformance<MemoryStore>(harness);
        StoreCheck check = conformance.Checks.Single(c => c.Name == checkName);
        if (!conformance.Applies(check))
        {
            Assert.Ignore($"{check.Name} needs {check.Requires}.");
        }

        await check.RunAsync(TestContext.CurrentContext.CancellationToken);
    }
}
