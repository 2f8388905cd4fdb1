using System.Reflection;
using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

public class StoreTestsTests
{
    [Fact]
    public void Every_check_is_a_virtual_fact_of_the_same_name()
    {
        var facts = typeof(StoreTests<MemoryStore>).GetMethods()
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .ToList();
        var checks = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(_ => new MemoryStore())).Checks;

        facts.Select(m => m.Name).Should().BeEquivalentTo(checks.Select(c => c.Name));
        facts.Should().OnlyContain(m => m.IsVirtual && m.ReturnType == typeof(Task) && m.GetParameters().Length == 0);
    }

    [Fact]
    public async Task A_check_needing_an_undeclared_capability_is_skipped_with_the_reason()
    {
        await using var tests = new ReadOnlyMemoryStoreTests();

        var act = () => tests.SetStoresTheBytes();

        (await act.Should().ThrowAsync<Exception>()).Which.Message
            .Should().Contain("SetStoresTheBytes needs StoreCapabilities.Writes, which ReadOnlyMemoryStoreTests does not declare.");
    }

    private sealed class ReadOnlyMemoryStoreTests : DictionaryStoreConformanceTests<MemoryStore>
    {
        public override StoreCapabilities Capabilities => StoreCapabilities.Listing;

        protected override MemoryStore Create(bool readOnly) => new(readOnly: readOnly);
    }
}
