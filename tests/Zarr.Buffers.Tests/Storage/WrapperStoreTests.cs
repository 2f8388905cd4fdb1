using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class WrapperStoreTests : MemoryBackedStoreTestsBase
{
    protected override IStore CreateStore(bool readOnly = false) => new WrapperStore(new MemoryStore(readOnly: readOnly));

    protected override MemoryStore Backing(IStore store) => Inner(store);

    [Fact]
    public async Task State_and_capabilities_are_the_inner_stores()
    {
        var inner = new MemoryStore(readOnly: true);
        var store = new WrapperStore(inner);

        store.ReadOnly.Should().BeTrue();
        store.Inner.Should().BeSameAs(inner);
        await store.OpenAsync(Ct);
        inner.IsOpen.Should().BeTrue();
        store.Close();
        inner.IsOpen.Should().BeFalse();
        await inner.OpenAsync(Ct);
        store.IsOpen.Should().BeTrue();
        await store.DisposeAsync();
        inner.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void A_wrapper_does_not_say_a_set_copies_even_over_a_store_that_does()
    {
        new WrapperStore(new MemoryStore()).CopiesOnSet.Should().BeFalse("a decorator may keep the values it is given");
    }

    [Fact]
    public void With_read_only_wraps_the_inner_stores_copy_in_the_same_type()
    {
        var inner = new MemoryStore();
        var store = new WrapperStore(inner);

        WrapperStore reader = store.WithReadOnly(true);

        reader.Should().BeOfType<WrapperStore>();
        reader.ReadOnly.Should().BeTrue();
        reader.Inner.Should().BeOfType<MemoryStore>().Which.StoreDict.Should().BeSameAs(inner.StoreDict);
        store.ReadOnly.Should().BeFalse();
    }

    [Fact]
    public void A_decorator_that_forgets_to_override_with_store_is_caught()
    {
        var store = new ForgetfulWrapper(new MemoryStore());

        Action act = () => store.WithReadOnly(true);

        act.Should().Throw<InvalidOperationException>().WithMessage("*ForgetfulWrapper must override WithStore*");
    }

    [Fact]
    public void Equality_and_name_follow_the_inner_store()
    {
        var inner = new MemoryStore();

        new WrapperStore(inner).Should().Be(new WrapperStore(inner));
        new WrapperStore(inner).GetHashCode().Should().Be(new WrapperStore(inner).GetHashCode());
        new WrapperStore(inner).Should().NotBe(new ForgetfulWrapper(inner));
        new WrapperStore(inner).ToString().Should().Be("wrapping-" + inner);
    }

    private static MemoryStore Inner(IStore store) => (MemoryStore)((WrapperStore)store).Inner;

    private sealed class ForgetfulWrapper(IStore inner) : WrapperStore(inner);
}
