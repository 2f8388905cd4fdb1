using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class StoreTests
{
    private static readonly string s_hugeKey = new('k', 1_000_000);

    public static TheoryData<string, string> Operations => new()
    {
        { "missing size", "does not exist" },
        { "missing ranges", "byte ranges" },
        { "read-only set", "read-only" },
        { "read-only delete", "read-only" },
        { "read-only delete dir", "read-only" },
        { "local set", "too long" },
        { "local get", "too long" },
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_message_about_a_huge_key_quotes_only_its_start_and_still_names_the_operation(string operation, string named)
    {
        string root = Path.Combine(Path.GetTempPath(), "zarr-store-messages-" + Guid.NewGuid().ToString("N"));
        var readOnly = new MemoryStore(readOnly: true);
        Func<Task> call = operation switch
        {
            "missing size" => () => new MemoryStore().GetSizeAsync(s_hugeKey, Token).AsTask(),
            "missing ranges" => () => new MemoryStore().GetRangesAsync(s_hugeKey, [null], BufferPrototype.Default, cancellationToken: Token),
            "read-only set" => () => readOnly.SetAsync(s_hugeKey, CpuBuffer.FromBytes([1]), Token).AsTask(),
            "read-only delete" => () => readOnly.DeleteAsync(s_hugeKey, Token).AsTask(),
            "read-only delete dir" => () => readOnly.DeleteDirAsync(s_hugeKey, Token),
            "local set" => () => new LocalStore(root).SetAsync(s_hugeKey, CpuBuffer.FromBytes([1]), Token).AsTask(),
            "local get" => () => new LocalStore(root).GetAsync(s_hugeKey, BufferPrototype.Default, cancellationToken: Token).AsTask(),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "no such case"),
        };

        var failure = await call.Should().ThrowAsync<Exception>();

        failure.Which.Message.Length.Should().BeLessThan(1000);
        failure.Which.Message.Should().Contain(named).And.Contain("(1000000 characters)");
        Directory.Exists(root).Should().BeFalse();
    }
}
