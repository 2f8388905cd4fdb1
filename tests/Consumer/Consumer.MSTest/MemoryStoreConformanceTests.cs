using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Zarr.Storage;
using Zarr.Testing;

namespace Consumer.MSTest;

// The README's "Testing your own store" without xunit: the framework-free checks, one MSTest case per check.
[TestClass]
public sealed class MemoryStoreConformanceTests
{
    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> CheckNames =>
        new StoreConformance<MemoryStore>(new MemoryStoreHarness()).Checks.Select(check => new object[] { check.Name });

    [TestMethod]
    [DynamicData(nameof(CheckNames))]
    public async Task Conforms(string checkName)
    {
        await using var harness = new MemoryStoreHarness();
        var conformance = new StoreConformance<MemoryStore>(harness);
        StoreCheck check = conformance.Checks.Single(c => c.Name == checkName);
        if (!conformance.Applies(check))
        {
            Assert.Inconclusive($"{check.Name} needs {check.Requires}.");
        }

        await check.RunAsync(TestContext.CancellationTokenSource.Token);
    }
}
