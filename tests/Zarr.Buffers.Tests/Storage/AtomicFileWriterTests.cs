using Microsoft.Win32.SafeHandles;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarr-atomic-" + Guid.NewGuid().ToString("N"));

    public AtomicFileWriterTests() => Directory.CreateDirectory(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Target => Path.Combine(_folder, "k");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Temporary_names_are_reserved_fixed_per_name_and_slot_and_fit_in_a_file_name()
    {
        string name = AtomicFileWriter.TempName("0.0", 3);

        AtomicFileWriter.IsTempName(name).Should().BeTrue();
        name.Should().MatchRegex(@"^\.~zarr-[0-9a-f]{8}-3\.partial$");
        AtomicFileWriter.TempName("0.0", 3).Should().Be(name);
        AtomicFileWriter.TempName("0.1", 3).Should().NotBe(name);
        AtomicFileWriter.TempName("0.0", 4).Should().NotBe(name);
        AtomicFileWriter.TempName(new string('é', 127), int.MaxValue).Length.Should().BeLessThanOrEqualTo(AtomicFileWriter.MaxTempNameLength);
    }

    [Theory]
    [InlineData(".~zarr-0123456789abcdef0123456789abcdef.partial", true)]
    [InlineData(".~zarr-x.partial", true)]
    [InlineData(".~zarr-x", false)]
    [InlineData("zarr.json", false)]
    public void Temporary_names_of_older_versions_are_reserved_too(string name, bool reserved) =>
        AtomicFileWriter.IsTempName(name).Should().Be(reserved);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_publishes_the_bytes_and_leaves_no_temporary_file(bool exclusive)
    {
        (await AtomicFileWriter.WriteAsync(Target, CpuBuffer.FromBytes([1, 2, 3]), exclusive, Ct)).Should().BeTrue();

        (await File.ReadAllBytesAsync(Target, Ct)).Should().Equal(1, 2, 3);
        Directory.GetFiles(_folder).Should().Equal(Target);
    }

    [Fact]
    public async Task An_exclusive_write_over_an_existing_file_keeps_it_and_leaves_no_temporary_file()
    {
        await File.WriteAllBytesAsync(Target, [7], Ct);

        (await AtomicFileWriter.WriteAsync(Target, CpuBuffer.FromBytes([1]), exclusive: true, Ct)).Should().BeFalse();

        (await File.ReadAllBytesAsync(Target, Ct)).Should().Equal(7);
        Directory.GetFiles(_folder).Should().Equal(Target);
    }

    [Fact]
    public async Task A_write_takes_over_the_slot_of_an_abandoned_file_and_skips_a_live_one()
    {
        string live = Leftover(0);
        string abandoned = Leftover(1);
        string aboveOwn = Leftover(2);
        string beyondAFreeSlot = Leftover(4);
        using (Hold(live))
        {
            await AtomicFileWriter.WriteAsync(Target, CpuBuffer.FromBytes([5]), exclusive: false, Ct);

            File.Exists(live).Should().BeTrue();
        }

        File.Exists(abandoned).Should().BeFalse();
        File.Exists(aboveOwn).Should().BeFalse("the run of taken slots above the writer's own is swept");
        File.Exists(beyondAFreeSlot).Should().BeTrue("a slot past a free one is not probed");
        (await File.ReadAllBytesAsync(Target, Ct)).Should().Equal(5);
    }

    [Fact]
    public void An_abandoned_file_is_one_both_old_and_unheld()
    {
        string old = Leftover(0);
        string young = Leftover(1, age: TimeSpan.FromSeconds(1));
        string held = Leftover(2);

        using (Hold(held))
        {
            AtomicFileWriter.TryRemoveAbandoned(old).Should().BeTrue();
            AtomicFileWriter.TryRemoveAbandoned(young).Should().BeFalse();
            AtomicFileWriter.TryRemoveAbandoned(held).Should().BeFalse();
            AtomicFileWriter.TryRemoveAbandoned(Path.Combine(_folder, "missing")).Should().BeTrue();
        }

        File.Exists(old).Should().BeFalse();
        File.Exists(young).Should().BeTrue();
        AtomicFileWriter.TryRemoveAbandoned(held).Should().BeTrue("its writer let go of it");
    }

    [Fact]
    public async Task A_file_locked_by_another_process_is_live_until_that_process_is_killed()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/flock"), "needs util-linux flock(1) to hold a lock from another process");
        string temp = Leftover(0);
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/flock")
        {
            ArgumentList = { "--exclusive", temp, "sleep", "60" },
            UseShellExecute = false,
        })!;
        // flock(1) takes the lock before it starts sleep: wait until a probe sees it taken.
        await WaitUntilAsync(() => !CanLock(temp));

        bool removedWhileHeld = AtomicFileWriter.TryRemoveAbandoned(temp);
        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync(Ct);
        // sleep inherited the locked descriptor and may outlive flock(1) by a moment, still holding the lock.
        await WaitUntilAsync(() => CanLock(temp));

        removedWhileHeld.Should().BeFalse();
        AtomicFileWriter.TryRemoveAbandoned(temp).Should().BeTrue("the lock went with the killed process");
        File.Exists(temp).Should().BeFalse();
    }

    [Fact]
    public async Task A_writer_holds_its_temporary_file_until_it_is_published()
    {
        using var value = new GatedMemory([1, 2, 3]);
        Task<bool> write = AtomicFileWriter.WriteAsync(Target, CpuBuffer.FromArrayLike(value.Memory), exclusive: false, Ct).AsTask();
        await value.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        string temp = Path.Combine(_folder, AtomicFileWriter.TempName("k", 0));
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-1));

        bool removedWhileWriting = AtomicFileWriter.TryRemoveAbandoned(temp);
        value.Release();

        removedWhileWriting.Should().BeFalse();
        (await write).Should().BeTrue();
        File.Exists(Target).Should().BeTrue();
    }

    private string Leftover(int slot, TimeSpan? age = null)
    {
        string path = Path.Combine(_folder, AtomicFileWriter.TempName("k", slot));
        File.WriteAllBytes(path, [9]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - (age ?? TimeSpan.FromHours(1)));
        return path;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }
    }

    private static bool CanLock(string path)
    {
        try
        {
            File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Holds a file open the way a live writer does.</summary>
    private static SafeFileHandle Hold(string path) => File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.Delete);
}
