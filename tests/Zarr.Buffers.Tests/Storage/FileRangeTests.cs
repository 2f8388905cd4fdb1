using System.Runtime.InteropServices;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>The scattered read of a file into runs of pinned memory (preadv), where <see cref="LocalStore.CanScatter"/>.</summary>
public sealed class FileRangeTests : IDisposable
{
    private const int RunLength = 2048;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "zarr-file-range-" + Guid.NewGuid().ToString("N"));

    private readonly byte[] _contents = [.. Enumerable.Range(0, 3 * RunLength).Select(i => (byte)(i * 7))];

    // Three runs in reverse order of memory, with a gap after each, so that a run read into the wrong place shows.
    private readonly byte[] _memory = GC.AllocateArray<byte>(6 * RunLength, pinned: true);

    public FileRangeTests()
    {
        Assert.SkipUnless(LocalStore.CanScatter, "preadv is used only in 64-bit processes on Linux, macOS and FreeBSD");
        File.WriteAllBytes(_path, _contents);
        _memory.AsSpan().Fill(0xEE);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private nint[] Addresses => [.. new[] { 4, 2, 0 }.Select(slot => Marshal.UnsafeAddrOfPinnedArrayElement(_memory, slot * RunLength))];

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Each_run_gets_the_next_bytes_of_the_file_and_the_memory_between_them_is_untouched()
    {
        using var file = Open(_contents.Length);

        file.ReadScattered(Addresses, RunLength, "k", Ct).Should().Be(_contents.Length);

        RunAt(4).Should().Equal(_contents[..RunLength]);
        RunAt(2).Should().Equal(_contents[RunLength..(2 * RunLength)]);
        RunAt(0).Should().Equal(_contents[(2 * RunLength)..]);
        new[] { 1, 3, 5 }.Should().OnlyContain(slot => RunAt(slot).All(b => b == 0xEE), "the gaps between the runs");
    }

    [Fact]
    public void A_file_that_shrank_since_it_was_measured_fills_what_it_has_and_says_how_much()
    {
        int shrunk = RunLength + 100;
        using var file = Open(_contents.Length);
        using (var writer = File.OpenHandle(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            RandomAccess.SetLength(writer, shrunk);
        }

        file.ReadScattered(Addresses, RunLength, "k", Ct).Should().Be(shrunk);

        RunAt(4).Should().Equal(_contents[..RunLength]);
        RunAt(2)[..100].Should().Equal(_contents[RunLength..shrunk]);
        RunAt(2)[100..].Should().OnlyContain(b => b == 0xEE);
    }

    [Fact]
    public void A_handle_that_cannot_be_read_is_an_IOException_naming_the_key()
    {
        using var file = new FileRange(File.OpenHandle(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite), 0, _contents.Length);

        var act = () => file.ReadScattered(Addresses, RunLength, "c/0/1", Ct);

        act.Should().Throw<IOException>().WithMessage("Cannot read 'c/0/1': *");
    }

    [Fact]
    public void A_cancelled_read_reads_nothing()
    {
        using var file = Open(_contents.Length);

        var act = () => file.ReadScattered(Addresses, RunLength, "k", new CancellationToken(canceled: true));

        act.Should().Throw<OperationCanceledException>();
        _memory.Should().OnlyContain(b => b == 0xEE);
    }

    private FileRange Open(long length) =>
        new(File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), 0, length);

    private byte[] RunAt(int slot) => _memory[(slot * RunLength)..((slot + 1) * RunLength)];
}
