using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

    private sealed class MemoryStoreHarness : StoreHarness<MemoryStore>
    {
        public override ValueTask<MemoryStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
            new(new MemoryStore(readOnly: readOnly));

        public override ValueTask SetRawAsync(MemoryStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
        {
            store.StoreDict[key] = Prototype.Buffer.FromBytes(value.Span);
            return default;
        }

        public override ValueTask<byte[]?> GetRawAsync(MemoryStore store, string key, CancellationToken cancellationToken) =>
            new(store.StoreDict.TryGetValue(key, out var value) ? value.ToBytes() : null);
    }
}
