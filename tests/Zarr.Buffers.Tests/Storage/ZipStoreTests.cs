using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Zarr.Buffers.Tests.Arrays;
using Zarr.Buffers.Tests.Servers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>
/// <see cref="ZipStore"/> beyond the conformance suite (Zarr.Testing.Tests runs it): the interop corpus zipped, archives
/// written by Python's <c>zipfile</c> and by System.IO.Compression, archives it writes read by both, ranged reads that read
/// only their bytes, write-once keys, and hostile archives.
/// </summary>
public sealed class ZipStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "zarr-zipstore-" + Guid.NewGuid().ToString("N"))).FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static IEnumerable<TheoryDataRow<string, CompressionLevel>> ZippedInteropArrays() =>
        from row in InteropCheck.Arrays()
        from compression in new[] { CompressionLevel.NoCompression, CompressionLevel.Optimal }
        select new TheoryDataRow<string, CompressionLevel>(row.Data, compression);

    [Theory]
    [MemberData(nameof(ZippedInteropArrays))]
    public async Task Reads_every_interop_array_zipped_as_the_local_store_does(string path, CompressionLevel compression)
    {
        string zip = NewPath();
        ZipFile.CreateFromDirectory(Path.Combine(RepoPaths.Interop, path), zip, compression, includeBaseDirectory: false);
        await using var store = new ZipStore(zip);

        await InteropCheck.CheckReadsThroughAsync(store, path);
    }

    [Fact]
    public async Task Reads_an_archive_written_by_python_zipfile_with_stored_deflated_and_directory_entries()
    {
        string zip = NewPath();
        await PythonAsync($$"""
            import zipfile
            with zipfile.ZipFile({{Quote(zip)}}, "w") as z:
                z.writestr("zarr.json", b'{"zarr_format": 3}')
                z.writestr("c/", b"")
                z.writestr("c/0", bytes(range(256)) * 40, compress_type=zipfile.ZIP_DEFLATED)
                z.writestr("c/1", bytes(range(100)), compress_type=zipfile.ZIP_STORED)
                z.writestr("données/é", "ü".encode(), compress_type=zipfile.ZIP_DEFLATED)
            """);
        await using var store = new ZipStore(zip);

        (await ListAsync(store.ListAsync(Ct))).Should().BeEquivalentTo("zarr.json", "c/0", "c/1", "données/é");
        (await ListAsync(store.ListDirAsync("", Ct))).Should().BeEquivalentTo("zarr.json", "c", "données");
        (await store.ExistsAsync("c", Ct)).Should().BeFalse("a directory entry is no key");
        (await ReadAsync(store, "zarr.json")).Should().Equal(Encoding.UTF8.GetBytes("""{"zarr_format": 3}"""));
        (await ReadAsync(store, "c/0")).Should().Equal(Pattern(256 * 40));
        (await ReadAsync(store, "c/0", new RangeByteRequest(5000, 5010))).Should().Equal(Pattern(256 * 40)[5000..5010]);
        (await ReadAsync(store, "c/0", new SuffixByteRequest(3))).Should().Equal(253, 254, 255);
        (await ReadAsync(store, "c/1", new OffsetByteRequest(97))).Should().Equal(97, 98, 99);
        (await ReadAsync(store, "données/é")).Should().Equal(Encoding.UTF8.GetBytes("ü"));
        (await store.GetSizeAsync("c/0", Ct)).Should().Be(256 * 40);
    }

    [Fact]
    public async Task Reads_a_zip64_archive_written_by_python_zipfile()
    {
        string zip = NewPath();
        // Lowering zipfile's limits makes it write every ZIP64 record a 4 GiB archive would have, in a few hundred bytes.
        await PythonAsync($$"""
            import zipfile
            zipfile.ZIP64_LIMIT = 10
            zipfile.ZIP_FILECOUNT_LIMIT = 1
            with zipfile.ZipFile({{Quote(zip)}}, "w") as z:
                z.writestr("a", bytes(range(50)))
                z.writestr("b/c", bytes(range(60)), compress_type=zipfile.ZIP_DEFLATED)
                z.writestr("b/d", b"tiny")
            """);
        await using var store = new ZipStore(zip);

        (await ListAsync(store.ListAsync(Ct))).Should().BeEquivalentTo("a", "b/c", "b/d");
        (await ReadAsync(store, "a", new RangeByteRequest(40, 45))).Should().Equal(40, 41, 42, 43, 44);
        (await ReadAsync(store, "b/c")).Should().Equal(Pattern(60));
        (await ReadAsync(store, "b/d")).Should().Equal("tiny"u8.ToArray());
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression, 0)]
    [InlineData(CompressionLevel.Optimal, 8)]
    [InlineData(CompressionLevel.Fastest, 8)]
    public async Task An_archive_it_writes_is_read_by_system_io_compression_and_python_zipfile(CompressionLevel compression, int method)
    {
        string zip = NewPath();
        var values = new Dictionary<string, byte[]>
        {
            ["zarr.json"] = Encoding.UTF8.GetBytes("""{"zarr_format": 3, "node_type": "group"}"""),
            ["a/c/0/0"] = Pattern(70_000),
            ["a/c/0/1"] = [],
            ["ünï/cödé"] = [1, 2, 3],
        };
        await using (var writer = new ZipStore(zip, ZipStoreMode.Write, compression))
        {
            foreach ((string key, byte[] value) in values)
            {
                await writer.SetAsync(key, CpuBuffer.FromBytes(value), Ct);
            }
        }

        using (var archive = ZipFile.OpenRead(zip))
        {
            archive.Entries.Select(e => e.FullName).Should().Equal(values.Keys);
            foreach (var entry in archive.Entries)
            {
                using var copy = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(copy);
                }

                copy.ToArray().Should().Equal(values[entry.FullName], entry.FullName);
            }
        }

        string listing = await PythonAsync($$"""
            import json, zipfile
            with zipfile.ZipFile({{Quote(zip)}}) as z:
                assert z.testzip() is None, "a CRC-32 does not match"
                print(json.dumps({i.filename: [i.compress_type, list(z.read(i))] for i in z.infolist()}))
            """);
        var read = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(listing)!;
        read.Keys.Should().BeEquivalentTo(values.Keys);
        foreach ((string key, byte[] value) in values)
        {
            read[key][0].GetInt32().Should().Be(method, key);
            read[key][1].EnumerateArray().Select(b => (byte)b.GetInt32()).Should().Equal(value, key);
        }
    }

    [Fact]
    public async Task Writes_zip64_records_that_system_io_compression_python_and_the_store_read()
    {
        string zip = NewPath();
        // The thresholds of a 4 GiB archive, lowered, so that every offset and the entry count take ZIP64 records.
        using (var archive = ZipArchiveFile.OpenWrite(zip, create: true, zip64Threshold: 40, countThreshold: 2))
        {
            await archive.AddAsync("a", Pattern(50), CompressionLevel.NoCompression, Ct);
            await archive.AddAsync("b/c", Pattern(60), CompressionLevel.Optimal, Ct);
            await archive.AddAsync("b/d", "tiny"u8.ToArray(), CompressionLevel.NoCompression, Ct);
        }

        using (var archive = ZipFile.OpenRead(zip))
        {
            archive.Entries.Select(e => (e.FullName, e.Length)).Should().Equal(("a", 50L), ("b/c", 60L), ("b/d", 4L));
        }

        (await PythonAsync($$"""
            import zipfile
            with zipfile.ZipFile({{Quote(zip)}}) as z:
                assert z.testzip() is None
                print(z.read("b/d").decode(), z.infolist()[2].header_offset > 40)
            """)).Trim().Should().Be("tiny True");
        await using var store = new ZipStore(zip);
        (await ReadAsync(store, "b/d")).Should().Equal("tiny"u8.ToArray());
        (await ReadAsync(store, "b/c", new RangeByteRequest(10, 12))).Should().Equal(10, 11);
    }

    /// <summary>
    /// The real threshold: 65,535 entries and more take a ZIP64 end record (the 16-bit counts of the end record hold
    /// 0xFFFF). About 6 MB of file, written and read in a few seconds.
    /// </summary>
    [Fact]
    public async Task Writes_more_than_65535_entries_with_zip64_records_that_system_io_compression_and_the_store_read()
    {
        const int count = ZipFormat.Max16 + 10;
        string zip = NewPath();
        await using (var writer = new ZipStore(zip, ZipStoreMode.Write))
        {
            for (int i = 0; i < count; i++)
            {
                await writer.SetAsync($"c/{i}", CpuBuffer.FromBytes(BitConverter.GetBytes(i)), Ct);
            }
        }

        byte[] tail = (await File.ReadAllBytesAsync(zip, Ct))[^(ZipFormat.EndLength + ZipFormat.Zip64LocatorLength)..];
        BinaryPrimitives.ReadUInt32LittleEndian(tail).Should().Be(ZipFormat.Zip64LocatorSignature);
        BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(ZipFormat.Zip64LocatorLength + 10)).Should().Be(ZipFormat.Max16);
        using (var archive = ZipFile.OpenRead(zip))
        {
            archive.Entries.Should().HaveCount(count);
            foreach (int i in new[] { 0, ZipFormat.Max16 - 1, ZipFormat.Max16, count - 1 })
            {
                archive.Entries[i].FullName.Should().Be($"c/{i}");
                using var stream = archive.Entries[i].Open();
                byte[] value = new byte[sizeof(int)];
                stream.ReadExactly(value);
                BitConverter.ToInt32(value).Should().Be(i);
            }
        }

        await using var store = new ZipStore(zip);
        (await ListAsync(store.ListAsync(Ct))).Should().HaveCount(count);
        (await ReadAsync(store, $"c/{count - 1}")).Should().Equal(BitConverter.GetBytes(count - 1));
        (await ReadAsync(store, $"c/{ZipFormat.Max16}")).Should().Equal(BitConverter.GetBytes((int)ZipFormat.Max16));
    }

    /// <summary>
    /// Proof by the kernel's count of bytes this process has read (<c>rchar</c> in <c>/proc/self/io</c>): a ranged read
    /// of 100 bytes of a 256 MiB stored entry reads a few hundred bytes (the directory and the local header, then the
    /// range), where a read of the entry would count 256 MiB. The entry is a hole in a sparse file, so it takes no disk.
    /// Other tests reading files meanwhile add to the count, hence a bound of a quarter of the entry.
    /// </summary>
    [Fact]
    public async Task A_ranged_read_of_a_stored_entry_reads_only_the_requested_bytes_of_the_file()
    {
        Assert.SkipUnless(File.Exists("/proc/self/io"), "needs Linux's per-process I/O counters");
        const int size = 256 << 20, start = 200_000_000;
        byte[] range = Pattern(100);
        string zip = NewPath();
        byte[] name = "c/0"u8.ToArray();
        byte[] header = ZipFormat.LocalHeader(name, 0, ZipFormat.Stored, 0, 0, size, size);
        var directory = new ArrayBufferWriter<byte>();
        directory.Write(ZipFormat.CentralRecord(name, 0, ZipFormat.Stored, 0, 0, size, size, 0, ZipFormat.Max32));
        ZipFormat.WriteEnd(directory, header.Length + (long)size, directory.WrittenCount, 1, ZipFormat.Max32, ZipFormat.Max16, []);
        await using (var file = new FileStream(zip, FileMode.CreateNew))
        {
            await file.WriteAsync(header, Ct);
            file.Position = header.Length + start;
            await file.WriteAsync(range, Ct);
            file.Position = header.Length + size;
            await file.WriteAsync(directory.WrittenMemory, Ct);
        }

        await using var store = new ZipStore(zip);
        await store.OpenAsync(Ct);
        long before = BytesReadByThisProcess();
        byte[]? read = await ReadAsync(store, "c/0", new RangeByteRequest(start, start + 100));
        long readBytes = BytesReadByThisProcess() - before;

        read.Should().Equal(range);
        readBytes.Should().BeLessThan(64 << 20, "the read needs the local header and 100 bytes, not the 256 MiB entry (the bound leaves room for other tests reading files meanwhile)");
    }

    [Fact]
    public async Task A_ranged_read_of_a_deflated_entry_inflates_no_further_than_the_range_end()
    {
        string zip = NewPath();
        byte[] value = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i * 7919 % 10007},")));
        await using (var writer = new ZipStore(zip, ZipStoreMode.Write, CompressionLevel.Optimal))
        {
            await writer.SetAsync("c/0", CpuBuffer.FromBytes(value), Ct);
        }

        // The compressed tail becomes garbage: a read that stops early never inflates it.
        byte[] file = await File.ReadAllBytesAsync(zip, Ct);
        int data = ZipFormat.LocalHeaderLength + "c/0".Length;
        int compressed = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(18));
        file.AsSpan(data + compressed - 200, 200).Fill(0xFF);
        await File.WriteAllBytesAsync(zip, file, Ct);
        await using var store = new ZipStore(zip);

        (await ReadAsync(store, "c/0", new RangeByteRequest(100, 1100))).Should().Equal(value[100..1100]);
        await store.Awaiting(s => s.GetAsync("c/0", BufferPrototype.Default, null, Ct).AsTask())
            .Should().ThrowAsync<InvalidDataException>().WithMessage("*entry 'c/0'*");
    }

    [Fact]
    public async Task Parallel_readers_of_a_read_only_archive_read_their_own_bytes()
    {
        string zip = NewPath();
        await using (var writer = new ZipStore(zip, ZipStoreMode.Write))
        {
            for (int i = 0; i < 8; i++)
            {
                await writer.SetAsync($"c/{i}", CpuBuffer.FromBytes(Pattern(10_000 + i)), Ct);
            }
        }

        await using var store = new ZipStore(zip);
        await using var second = store.WithReadOnly(true);
        var reads = Enumerable.Range(0, 256).Select(async i =>
        {
            var source = i % 2 == 0 ? store : second;
            int key = i % 8, start = i * 31 % 9000;
            byte[] read = (await source.GetAsync($"c/{key}", BufferPrototype.Default, new RangeByteRequest(start, start + 500), Ct))!.ToBytes();
            return read.AsSpan().SequenceEqual(Pattern(10_000 + key).AsSpan(start, 500));
        });

        (await Task.WhenAll(reads)).Should().AllSatisfy(same => same.Should().BeTrue());
    }

    [Fact]
    public async Task A_key_is_written_once_overwrites_and_deletes_of_it_are_refused_and_the_archive_keeps_the_first_value()
    {
        string zip = NewPath();
        await using (var store = new ZipStore(zip, ZipStoreMode.Write))
        {
            await store.SetAsync("c/0", CpuBuffer.FromBytes([1]), Ct);

            await store.Awaiting(s => s.SetAsync("c/0", CpuBuffer.FromBytes([2]), Ct).AsTask())
                .Should().ThrowAsync<NotSupportedException>().WithMessage("*'c/0'*cannot be replaced*");
            (await store.SetIfNotExistsAsync("c/0", CpuBuffer.FromBytes([3]), Ct)).Should().BeFalse();
            await store.Awaiting(s => s.DeleteAsync("c/0", Ct).AsTask())
                .Should().ThrowAsync<NotSupportedException>().WithMessage("*'c/0'*cannot be deleted*");
            await store.Awaiting(s => s.DeleteDirAsync("c", Ct)).Should().ThrowAsync<NotSupportedException>().WithMessage("*'c/0'*");
            await store.DeleteAsync("c/missing", Ct);
            await store.DeleteDirAsync("missing", Ct);
            store.SupportsDeletes.Should().BeFalse();
        }

        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Should().ContainSingle().Which.Length.Should().Be(1);
        archive.Entries[0].Open().ReadByte().Should().Be(1);
    }

    [Fact]
    public async Task Write_mode_replaces_the_file_once_and_reopening_after_close_appends()
    {
        string zip = NewPath();
        await File.WriteAllBytesAsync(zip, [9, 9, 9], Ct);
        await using var store = new ZipStore(zip, ZipStoreMode.Write);
        await store.SetAsync("a", CpuBuffer.FromBytes([1]), Ct);
        store.Close();
        await store.SetAsync("b", CpuBuffer.FromBytes([2]), Ct);
        store.Close();

        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Select(e => e.FullName).Should().Equal("a", "b");
    }

    [Fact]
    public async Task Append_mode_adds_to_an_archive_another_tool_wrote_and_keeps_its_entries()
    {
        string zip = NewPath();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntry("dir/");
            using var stream = archive.CreateEntry("zarr.json").Open();
            stream.Write("{}"u8);
        }

        await using (var store = new ZipStore(zip, ZipStoreMode.Append))
        {
            (await ReadAsync(store, "zarr.json")).Should().Equal("{}"u8.ToArray());
            await store.SetAsync("c/0", CpuBuffer.FromBytes([7]), Ct);
        }

        using var reread = ZipFile.OpenRead(zip);
        reread.Entries.Select(e => e.FullName).Should().Equal("dir/", "zarr.json", "c/0");
    }

    [Fact]
    public async Task Append_mode_keeps_the_comment_of_an_archive_another_tool_wrote()
    {
        string zip = NewPath();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.Comment = "written by another tool";
            using var stream = archive.CreateEntry("zarr.json").Open();
            stream.Write("{}"u8);
        }

        await using (var store = new ZipStore(zip, ZipStoreMode.Append))
        {
            await store.SetAsync("c/0", CpuBuffer.FromBytes([7]), Ct);
        }

        using var reread = ZipFile.OpenRead(zip);
        reread.Comment.Should().Be("written by another tool");
        reread.Entries.Select(e => e.FullName).Should().Equal("zarr.json", "c/0");
    }

    [Fact]
    public async Task Clear_empties_the_archive()
    {
        string zip = NewPath();
        await using (var store = new ZipStore(zip, ZipStoreMode.Write))
        {
            await store.SetAsync("a", CpuBuffer.FromBytes([1]), Ct);
            await store.ClearAsync(Ct);
            await store.SetAsync("b", CpuBuffer.FromBytes([2]), Ct);
            (await ListAsync(store.ListAsync(Ct))).Should().Equal("b");
        }

        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Select(e => e.FullName).Should().Equal("b");
    }

    [Fact]
    public async Task Append_mode_refuses_a_file_that_is_not_a_zip_archive_and_leaves_it_alone()
    {
        string zip = NewPath();
        await File.WriteAllBytesAsync(zip, [1, 2, 3], Ct);
        await using var store = new ZipStore(zip, ZipStoreMode.Append);

        await store.Awaiting(s => s.SetAsync("a", CpuBuffer.FromBytes([1]), Ct).AsTask()).Should().ThrowAsync<InvalidDataException>().WithMessage("*not a valid zip archive*");
        (await File.ReadAllBytesAsync(zip, Ct)).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task A_read_only_store_refuses_writes_and_a_missing_archive_is_reported()
    {
        string zip = NewPath();
        await using var missing = new ZipStore(zip);
        await missing.Awaiting(s => s.GetAsync("a", BufferPrototype.Default, null, Ct).AsTask()).Should().ThrowAsync<FileNotFoundException>();

        RawEmptyArchive(zip);
        await using var store = new ZipStore(zip);
        store.ReadOnly.Should().BeTrue();
        store.SupportsWrites.Should().BeFalse();
        await store.Awaiting(s => s.SetAsync("a", CpuBuffer.FromBytes([1]), Ct).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Awaiting(s => s.ClearAsync(Ct)).Should().ThrowAsync<ReadOnlyStoreException>();
        store.Invoking(s => s.WithReadOnly(false)).Should().Throw<NotSupportedException>().WithMessage("*holds it exclusively*");
        new ZipStore(zip, ZipStoreMode.Append).Invoking(s => s.WithReadOnly(true)).Should().Throw<NotSupportedException>();
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    public async Task Keys_that_would_not_read_back_as_themselves_are_refused(string key)
    {
        await using var store = new ZipStore(NewPath(), ZipStoreMode.Write);

        await store.Awaiting(s => s.SetAsync(key, CpuBuffer.FromBytes([1]), Ct).AsTask())
            .Should().ThrowAsync<ArgumentException>().WithMessage($"*'{key}'*");
    }

    [Fact]
    public void Bad_arguments_are_refused_by_the_constructor()
    {
        FluentActions.Invoking(() => new ZipStore("")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ZipStore("a.zip", (ZipStoreMode)7)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("mode");
        FluentActions.Invoking(() => new ZipStore("a.zip", compression: (CompressionLevel)9)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("compression");
    }

    [Fact]
    public void Equality_and_description_follow_the_path()
    {
        string zip = NewPath();
        var store = new ZipStore(zip);

        store.Should().Be(new ZipStore(zip, ZipStoreMode.Append));
        store.Should().NotBe(new ZipStore(NewPath()));
        store.GetHashCode().Should().Be(new ZipStore(zip).GetHashCode());
        store.ToString().Should().Be("zip://" + zip);
    }

    public static TheoryData<string, string> HostileArchives() => new()
    {
        { "dot-dot name", "entry 0 is named '../evil'" },
        { "absolute name", "entry 0 is named '/x/evil'" },
        { "absurd size", "entry 'aa/evil' is corrupt: its 2147483647 bytes of data" },
        { "compressed size past the file", "entry 'aa/evil' is corrupt: its 177 bytes of data from offset 0 run past the central directory" },
        { "header offset past the file", "entry 'aa/evil' is corrupt: its local header at offset 2147483392" },
        { "entry count past the directory", "central directory claims 1000 entries" },
        { "directory past its end record", "central directory (" },
        { "truncated directory", "central directory record 0 of 1" },
        { "no end record", "no end of central directory record" },
        { "zip64 locator pointing nowhere", "ZIP64 end record is said to be at offset" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task Hostile_archives_are_refused_at_open_naming_the_fault(string fault, string message)
    {
        byte[] file = await OneEntryArchiveAsync("aa/evil", Pattern(64));
        int directory = ZipFormat.LocalHeaderLength + 7 + 64;
        int end = directory + ZipFormat.CentralHeaderLength + 7;
        switch (fault)
        {
            case "dot-dot name" or "absolute name":
                Encoding.ASCII.GetBytes(fault == "dot-dot name" ? "../evil" : "/x/evil").CopyTo(file, directory + ZipFormat.CentralHeaderLength);
                break;
            case "absurd size":
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(directory + 20), int.MaxValue);
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(directory + 24), int.MaxValue);
                break;
            case "compressed size past the file":
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(directory + 20), file.Length + 1);
                break;
            case "header offset past the file":
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(directory + 42), int.MaxValue - 255);
                break;
            case "entry count past the directory":
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(end + 10), 1000);
                break;
            case "directory past its end record":
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(end + 12), 500);
                break;
            case "truncated directory":
                file.AsSpan(directory, 4).Clear();
                break;
            case "no end record":
                file = file[..end];
                break;
            case "zip64 locator pointing nowhere":
                file = [.. file[..end], .. Zip64Locator(int.MaxValue), .. file[end..]];
                break;
        }

        string zip = NewPath();
        await File.WriteAllBytesAsync(zip, file, Ct);
        await using var store = new ZipStore(zip);

        (await store.Awaiting(s => s.OpenAsync(Ct)).Should().ThrowAsync<InvalidDataException>())
            .WithMessage($"'{zip}' is not a valid zip archive: *{message}*");
    }

    [Theory]
    [InlineData("local header signature", "there is no local header at offset 0")]
    [InlineData("local header name", "names another entry")]
    [InlineData("local extra past the directory", "run past offset 101, where the next entry or the central directory starts")]
    [InlineData("local header method", "its local header at offset 0 records a compression method of 8, its central directory 0")]
    [InlineData("local header crc", "its local header at offset 0 records a CRC-32 of 1, its central directory ")]
    [InlineData("local header compressed size", "its local header at offset 0 records a compressed size of 65, its central directory 64")]
    [InlineData("local header size", "its local header at offset 0 records a size of 63, its central directory 64")]
    [InlineData("data descriptor flag with a wrong size", "its local header at offset 0 records a size of 63, its central directory 64")]
    [InlineData("deflated size too large", "inflates to fewer than its recorded")]
    [InlineData("deflated size too small", "inflates to more than its recorded")]
    public async Task Corrupt_entries_are_refused_when_read_naming_the_entry(string fault, string message)
    {
        bool deflated = fault.StartsWith("deflated", StringComparison.Ordinal);
        byte[] file = await OneEntryArchiveAsync("aa/evil", Pattern(64), deflated ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
        int directory = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - ZipFormat.EndLength + 16));
        switch (fault)
        {
            case "local header signature":
                file[0] = 0;
                break;
            case "local header name":
                file[ZipFormat.LocalHeaderLength] = (byte)'b';
                break;
            case "local extra past the directory":
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(28), 1000);
                break;
            case "local header method":
                file[8] = (byte)ZipFormat.Deflated;
                break;
            case "local header crc":
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(14), 1);
                break;
            case "local header compressed size":
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), 65);
                break;
            case "local header size":
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), 63);
                break;
            case "data descriptor flag with a wrong size":
                file[6] |= (byte)ZipFormat.DataDescriptorFlag;
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), 63);
                break;
            case "deflated size too large" or "deflated size too small":
                int size = fault.EndsWith("large", StringComparison.Ordinal) ? 65 : 63;
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), size);
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(directory + 24), size);
                break;
        }

        string zip = NewPath();
        await File.WriteAllBytesAsync(zip, file, Ct);
        await using var store = new ZipStore(zip);

        (await store.Awaiting(s => s.GetAsync("aa/evil", BufferPrototype.Default, null, Ct).AsTask()).Should().ThrowAsync<InvalidDataException>())
            .WithMessage($"'{zip}' is not a valid zip archive: entry 'aa/evil' is corrupt: *{message}*");
    }

    [Fact]
    public async Task An_archive_comment_holding_an_end_record_signature_does_not_hide_the_real_end_record()
    {
        byte[] file = await OneEntryArchiveAsync("a/b", Pattern(16));
        byte[] fakeEnd = new byte[ZipFormat.EndLength];
        BinaryPrimitives.WriteUInt32LittleEndian(fakeEnd, ZipFormat.EndSignature);
        byte[] comment = [.. "note: "u8, .. fakeEnd, .. " end of note"u8];
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 2), (ushort)comment.Length);
        string zip = NewPath();
        await File.WriteAllBytesAsync(zip, [.. file, .. comment], Ct);
        await using var store = new ZipStore(zip);

        (await ListAsync(store.ListAsync(Ct))).Should().Equal("a/b");
        (await ReadAsync(store, "a/b")).Should().Equal(Pattern(16));
    }

    [Fact]
    public async Task An_end_record_counting_fewer_entries_than_the_directory_holds_is_refused()
    {
        string zip = NewPath();
        await using (var writer = new ZipStore(zip, ZipStoreMode.Write))
        {
            await writer.SetAsync("a", CpuBuffer.FromBytes([1]), Ct);
            await writer.SetAsync("b", CpuBuffer.FromBytes([2]), Ct);
        }

        byte[] file = await File.ReadAllBytesAsync(zip, Ct);
        int end = file.Length - ZipFormat.EndLength;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(end + 8), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(end + 10), 1);
        await File.WriteAllBytesAsync(zip, file, Ct);
        await using var store = new ZipStore(zip);

        (await store.Awaiting(s => s.OpenAsync(Ct)).Should().ThrowAsync<InvalidDataException>())
            .WithMessage($"'{zip}' is not a valid zip archive: *counts 1 entries*");
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public async Task A_read_of_a_whole_entry_whose_crc32_does_not_match_is_refused_naming_the_key_the_archive_and_both_crcs(CompressionLevel compression)
    {
        byte[] value = Pattern(1000);
        byte[] file = await OneEntryArchiveAsync("c/0", value, compression);
        uint crc = Crc32.HashToUInt32(value), recorded = crc ^ 0x10;
        RecordCrc(file, recorded);
        string zip = await WriteArchiveAsync(file);
        await using var store = new ZipStore(zip);
        string message = $"'{zip}' is not a valid zip archive: entry 'c/0' is corrupt: bad CRC-32: its bytes hash to {crc:x8}, its central directory records {recorded:x8}.";
        byte[] destination = [.. Enumerable.Repeat((byte)0xEE, 1200)];

        await store.Awaiting(s => s.GetAsync("c/0", BufferPrototype.Default, null, Ct).AsTask()).Should().ThrowAsync<InvalidDataException>().WithMessage(message);
        await store.Awaiting(s => s.GetAsync("c/0", BufferPrototype.Default, new RangeByteRequest(0, 1000), Ct).AsTask())
            .Should().ThrowAsync<InvalidDataException>().WithMessage(message, "a range of the whole value is the whole value");
        await store.Awaiting(s => s.GetIntoAsync("c/0", destination, null, Ct).AsTask()).Should().ThrowAsync<InvalidDataException>().WithMessage(message);
        destination[..1000].Should().OnlyContain(b => b == 0, "a failed read leaves no unchecked bytes in the destination");
        destination[1000..].Should().OnlyContain(b => b == 0xEE, "bytes past the read are not the read's");
        (await ReadAsync(store, "c/0", new RangeByteRequest(10, 20))).Should().Equal(value[10..20], "a part of an entry cannot be checked");
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal, true)]
    [InlineData(CompressionLevel.NoCompression, false)]
    public async Task A_suffix_read_checks_the_crc32_of_a_deflated_entry_which_it_inflates_whole_but_not_of_a_stored_one(CompressionLevel compression, bool checks)
    {
        byte[] value = Pattern(1000);
        byte[] file = await OneEntryArchiveAsync("c/0", value, compression);
        RecordCrc(file, 1);
        await using var store = new ZipStore(await WriteArchiveAsync(file));
        var reading = store.Awaiting(s => s.GetAsync("c/0", BufferPrototype.Default, new SuffixByteRequest(10), Ct).AsTask());

        if (checks)
        {
            await reading.Should().ThrowAsync<InvalidDataException>().WithMessage("*entry 'c/0' is corrupt: bad CRC-32*");
        }
        else
        {
            (await reading.Should().NotThrowAsync()).Subject!.ToBytes().Should().Equal(value[^10..]);
        }
    }

    [Fact]
    public async Task An_empty_entry_whose_crc32_is_not_zero_is_refused()
    {
        byte[] file = await OneEntryArchiveAsync("a", []);
        RecordCrc(file, 7);
        await using var store = new ZipStore(await WriteArchiveAsync(file));

        await store.Awaiting(s => s.GetAsync("a", BufferPrototype.Default, null, Ct).AsTask())
            .Should().ThrowAsync<InvalidDataException>().WithMessage("*entry 'a' is corrupt: bad CRC-32: its bytes hash to 00000000, its central directory records 00000007.");
    }

    public static TheoryData<string, string> DeflatedFaultsAndReads() => new()
    {
        { "cut short", "get" }, { "cut short", "ranged get" }, { "cut short", "get into" },
        { "corrupt", "get" }, { "corrupt", "ranged get" }, { "corrupt", "get into" },
    };

    [Theory]
    [MemberData(nameof(DeflatedFaultsAndReads))]
    public async Task A_deflated_entry_whose_data_is_cut_short_or_corrupt_is_refused_naming_the_key(string fault, string read)
    {
        byte[] value = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i * 7919 % 10007},")));
        byte[] file = await OneEntryArchiveAsync("c/0", value, CompressionLevel.Optimal);
        int directory = DirectoryOffset(file);
        if (fault == "cut short")
        {
            int half = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(18)) / 2;
            BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), half);
            BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(directory + 20), half);
        }
        else
        {
            // Block type 3 is reserved: the first block header is invalid, whatever the encoder chose.
            file[ZipFormat.LocalHeaderLength + "c/0".Length] |= 0b110;
        }

        string zip = await WriteArchiveAsync(file);
        await using var store = new ZipStore(zip);
        Func<Task> reading = read switch
        {
            "get" => () => store.GetAsync("c/0", BufferPrototype.Default, null, Ct).AsTask(),
            "ranged get" => () => store.GetAsync("c/0", BufferPrototype.Default, new RangeByteRequest(value.Length - 100, value.Length - 50), Ct).AsTask(),
            _ => () => store.GetIntoAsync("c/0", new byte[value.Length], null, Ct).AsTask(),
        };

        await reading.Should().ThrowAsync<InvalidDataException>().WithMessage($"'{zip}' is not a valid zip archive: entry 'c/0' is corrupt: *");
    }

    [Fact]
    public async Task An_entry_whose_data_runs_into_the_local_header_of_another_is_refused_as_overlapping()
    {
        // The directory record of "b" points inside the data of "a", at a copy of b's local header and value:
        // b reads (from inside a, as Python's zipfile reads it), a overlaps b and is refused.
        byte[] b = [1, 2, 3, 4];
        byte[] forged = [.. ZipFormat.LocalHeader("b"u8, 0, ZipFormat.Stored, 0, Crc32.HashToUInt32(b), b.Length, b.Length), .. b];
        string zip = NewPath();
        await using (var writer = new ZipStore(zip, ZipStoreMode.Write))
        {
            await writer.SetAsync("a", CpuBuffer.FromBytes(forged), Ct);
            await writer.SetAsync("b", CpuBuffer.FromBytes(b), Ct);
        }

        byte[] file = await File.ReadAllBytesAsync(zip, Ct);
        int aData = ZipFormat.LocalHeaderLength + 1;
        int bRecord = DirectoryOffset(file) + ZipFormat.CentralHeaderLength + 1;
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(bRecord + 42), aData);
        await File.WriteAllBytesAsync(zip, file, Ct);
        await using var store = new ZipStore(zip);

        (await ReadAsync(store, "b")).Should().Equal(b);
        (await store.Awaiting(s => s.GetAsync("a", BufferPrototype.Default, null, Ct).AsTask()).Should().ThrowAsync<InvalidDataException>())
            .WithMessage($"*entry 'a' is corrupt: its {forged.Length} bytes of data from offset {aData} run past offset {aData}, where the next entry*");
    }

    [Fact]
    public async Task Reads_entries_whose_crc_and_sizes_follow_in_a_data_descriptor()
    {
        string zip = NewPath();
        byte[] value = Pattern(3000);
        await using (var file = File.Create(zip))
        {
            // On a stream that cannot seek back, System.IO.Compression writes zeros in the local header and a data descriptor.
            using var archive = new ZipArchive(new ForwardOnlyStream(file), ZipArchiveMode.Create);
            using var stream = archive.CreateEntry("c/0", CompressionLevel.Optimal).Open();
            stream.Write(value);
        }

        byte[] bytes = await File.ReadAllBytesAsync(zip, Ct);
        (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)) & ZipFormat.DataDescriptorFlag).Should().NotBe(0);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(22)).Should().Be(0);
        await using var store = new ZipStore(zip);

        (await ReadAsync(store, "c/0")).Should().Equal(value);
    }

    /// <summary>
    /// The read is held inside the file read by its destination's gate, so it is in flight for as long as the test
    /// wants. <see cref="Store.DisposeAsync"/> runs up to its wait synchronously, so its task must be incomplete when it
    /// returns; <see cref="ZipStore.Close"/> blocks, so it runs on another thread, and has begun once the store reports
    /// itself closed. Before the fix the close disposed the file under the read, which failed with
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    [Theory]
    [InlineData(ZipStoreMode.Read, "DisposeAsync")]
    [InlineData(ZipStoreMode.Write, "DisposeAsync")]
    [InlineData(ZipStoreMode.Read, "Close")]
    [InlineData(ZipStoreMode.Write, "Close")]
    public async Task Closing_waits_for_a_read_in_flight_which_completes_and_a_call_after_it_opens_the_store_again(ZipStoreMode mode, string close)
    {
        string zip = NewPath();
        byte[] value = Pattern(5000);
        var writer = new ZipStore(zip, ZipStoreMode.Write);
        await writer.SetAsync("c/0", CpuBuffer.FromBytes(value), Ct);
        if (mode == ZipStoreMode.Read)
        {
            await writer.DisposeAsync();
        }

        var store = mode == ZipStoreMode.Read ? new ZipStore(zip) : writer;
        using var destination = new GatedMemory(new byte[value.Length]);
        Task<int?> reading = Task.Run(async () => await store.GetIntoAsync("c/0", destination.Memory, null, Ct), Ct);
        await destination.Reached.WaitAsync(Ct);
        Task closing;
        Task<Buffer?> later;
        try
        {
            if (close == "DisposeAsync")
            {
                closing = store.DisposeAsync().AsTask();
            }
            else
            {
                closing = Task.Run(store.Close, Ct);
                SpinWait.SpinUntil(() => !store.IsOpen, TimeSpan.FromSeconds(30)).Should().BeTrue();
            }

            later = store.GetAsync("c/0", BufferPrototype.Default, new RangeByteRequest(0, 3), Ct).AsTask();

            closing.IsCompleted.Should().BeFalse("closing waits for the read in flight");
            if (close == "DisposeAsync")
            {
                later.IsCompleted.Should().BeFalse("a call after disposal began waits for the close, then opens the store again");
            }
        }
        finally
        {
            destination.Release();
        }

        (await reading).Should().Be(value.Length);
        destination.Bytes.Should().Equal(value);
        await closing;
        (await later)!.ToBytes().Should().Equal(0, 1, 2);
        await store.DisposeAsync();
        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Should().ContainSingle().Which.Length.Should().Be(value.Length);
    }

    /// <summary>
    /// The write is held by its value's gate, once it holds the archive and before it writes: the close must wait and
    /// then write a directory that has the entry. Before the fix the close wrote the directory and closed the file, and
    /// the write failed with <see cref="ObjectDisposedException"/>.
    /// </summary>
    [Fact]
    public async Task Closing_waits_for_a_write_in_flight_whose_entry_lands_in_the_archive()
    {
        string zip = NewPath();
        var store = new ZipStore(zip, ZipStoreMode.Write);
        await store.SetAsync("a", CpuBuffer.FromBytes([1]), Ct);
        using var value = new GatedMemory(Pattern(100));
        Task writing = Task.Run(async () => await store.SetAsync("b", CpuBuffer.FromArrayLike(value.Memory), Ct), Ct);
        await value.Reached.WaitAsync(Ct);
        Task closing;
        try
        {
            closing = store.DisposeAsync().AsTask();

            closing.IsCompleted.Should().BeFalse("closing waits for the write in flight");
        }
        finally
        {
            value.Release();
        }

        await writing;
        await closing;
        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Select(e => (e.FullName, e.Length)).Should().Equal(("a", 1L), ("b", 100L));
    }

    [Fact]
    public async Task Encrypted_entries_and_unknown_methods_are_refused_naming_the_entry()
    {
        byte[] file = await OneEntryArchiveAsync("a", Pattern(8));
        int directory = ZipFormat.LocalHeaderLength + 1 + 8;
        string encrypted = NewPath(), bzip2 = NewPath();
        file[directory + 8] = 1;
        await File.WriteAllBytesAsync(encrypted, file, Ct);
        file[directory + 8] = 0;
        file[directory + 10] = 12;
        await File.WriteAllBytesAsync(bzip2, file, Ct);

        await using var first = new ZipStore(encrypted);
        await using var second = new ZipStore(bzip2);
        await first.Awaiting(s => s.GetAsync("a", BufferPrototype.Default, null, Ct).AsTask()).Should().ThrowAsync<NotSupportedException>().WithMessage("Entry 'a' of*is encrypted*");
        await second.Awaiting(s => s.GetAsync("a", BufferPrototype.Default, null, Ct).AsTask()).Should().ThrowAsync<NotSupportedException>().WithMessage("Entry 'a' of*method 12*");
    }

    private static long BytesReadByThisProcess() =>
        long.Parse(File.ReadLines("/proc/self/io").First(line => line.StartsWith("rchar:", StringComparison.Ordinal))[6..], System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];

    private static string Quote(string path) => JsonSerializer.Serialize(path);

    private static byte[] Zip64Locator(long offset)
    {
        byte[] locator = new byte[ZipFormat.Zip64LocatorLength];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, ZipFormat.Zip64LocatorSignature);
        BinaryPrimitives.WriteInt64LittleEndian(locator.AsSpan(8), offset);
        return locator;
    }

    private static void RawEmptyArchive(string path)
    {
        using (ZipFile.Open(path, ZipArchiveMode.Create))
        {
        }
    }

    private static async Task<byte[]?> ReadAsync(ZipStore store, string key, ByteRequest? range = null) =>
        (await store.GetAsync(key, BufferPrototype.Default, range, Ct))?.ToBytes();

    private static async Task<List<string>> ListAsync(IAsyncEnumerable<string> keys)
    {
        var list = new List<string>();
        await foreach (string key in keys)
        {
            list.Add(key);
        }

        return list;
    }

    /// <summary>Runs a Python 3 script and returns what it printed; skips the test when python3 is not installed.</summary>
    private async Task<string> PythonAsync(string script)
    {
        ProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync("python3", ["-c", script], _folder, TimeSpan.FromMinutes(1), Ct);
        }
        catch (Win32Exception)
        {
            Assert.Skip("python3 is not on PATH");
            throw;
        }

        result.ExitCode.Should().Be(0, result.Errors);
        return result.Output;
    }

    private async Task<byte[]> OneEntryArchiveAsync(string key, byte[] value, CompressionLevel compression = CompressionLevel.NoCompression)
    {
        string zip = NewPath();
        await using (var store = new ZipStore(zip, ZipStoreMode.Write, compression))
        {
            await store.SetAsync(key, CpuBuffer.FromBytes(value), Ct);
        }

        return await File.ReadAllBytesAsync(zip, Ct);
    }

    private async Task<string> WriteArchiveAsync(byte[] file)
    {
        string zip = NewPath();
        await File.WriteAllBytesAsync(zip, file, Ct);
        return zip;
    }

    /// <summary>Records <paramref name="crc"/> as the CRC-32 of the entry of a one-entry archive, in both its headers.</summary>
    private static void RecordCrc(byte[] file, uint crc)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(DirectoryOffset(file) + 16), crc);
    }

    /// <summary>Where the central directory of an archive without ZIP64 records starts, read from its end record.</summary>
    private static int DirectoryOffset(byte[] file) => BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - ZipFormat.EndLength + 16));

    private string NewPath() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".zip");

    /// <summary>A stream that only writes forward, as a network stream does.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
