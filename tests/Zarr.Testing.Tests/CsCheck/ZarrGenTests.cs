using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Buffers.Tests.Properties;
using Zarr.Codecs;
using Zarr.Storage;
using Zarr.Testing.CsCheck;
using static Zarr.Testing.Tests.CsCheck.Shrinking;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>
/// Each generator of <see cref="ZarrGen"/> makes what its documentation promises, reaches its edge cases within a
/// bounded run, and shrinks to its simplest case.
/// </summary>
public class ZarrGenTests
{
    private static readonly long Iter = PropertyGen.Iterations(300);

    public static TheoryData<string> DataTypeNames() => new(DataType.All.Select(dataType => dataType.Name));

    [Fact]
    public void DataType_reaches_every_supported_type_and_shrinks_to_uint8()
    {
        ZarrGen.DataType.Array[400].Single().Distinct().Should().BeEquivalentTo(DataType.All);
        Simplest(ZarrGen.DataType).Should().Be(DataType.UInt8);
    }

    [Theory]
    [MemberData(nameof(DataTypeNames))]
    public void Value_is_an_element_of_the_type_and_shrinks_to_zero(string name)
    {
        var dataType = DataType.Parse(name);

        ZarrGen.Value(dataType).Sample(value => value.GetType() == dataType.ElementType, iter: Iter);
        ElementBytes(dataType, Simplest(ZarrGen.Value(dataType))).Should().OnlyContain(b => b == 0, "the simplest element is all zero bits (+0.0, not -0.0)");
    }

    [Theory]
    [InlineData("float16", 0x8000, 0x7C00, 0xFC00, 0x0001, 0x03FF, 0x7BFF, 0x7C01)]
    [InlineData("float32", 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x0000_0001, 0x007F_FFFF, 0x7F7F_FFFF, 0x7F80_0001)]
    [InlineData("float64", 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x1, 0x000F_FFFF_FFFF_FFFF, 0x7FEF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0001)]
    public void Value_reaches_signed_zero_infinities_subnormals_extremes_and_nan_payloads(
        string name, ulong negativeZero, ulong infinity, ulong negativeInfinity, ulong leastSubnormal, ulong greatestSubnormal, ulong greatestFinite, ulong signallingNaN)
    {
        var dataType = DataType.Parse(name);

        var reached = ZarrGen.Value(dataType).Array[2_000].Single().Select(Bits).ToHashSet();

        reached.Should().Contain([negativeZero, infinity, negativeInfinity, leastSubnormal, greatestSubnormal, greatestFinite, signallingNaN]);
        reached.Should().Contain(bits => IsNaN(dataType, bits) && bits != Bits(NetNaN(dataType)), "NaNs other than .NET's own");
    }

    [Theory]
    [InlineData("int8", -128L, 127L)]
    [InlineData("int64", long.MinValue, long.MaxValue)]
    [InlineData("uint16", 0L, 65_535L)]
    public void Value_reaches_the_least_and_greatest_integers(string name, long least, long greatest)
    {
        var dataType = DataType.Parse(name);

        var reached = ZarrGen.Value(dataType).Array[1_000].Single().Select(value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

        reached.Should().Contain([least, greatest, 0L, 1L]);
    }

    [Fact]
    public void Value_of_uint64_reaches_its_greatest_value() =>
        ZarrGen.Value(DataType.UInt64).Array[1_000].Single().Should().Contain(ulong.MaxValue);

    [Fact]
    public void Shape_reaches_rank_zero_and_empty_axes_within_its_bounds_and_shrinks_to_a_scalar()
    {
        var shapes = ZarrGen.Shape(3, 5).Array[500].Single();

        shapes.Should().OnlyContain(shape => shape.Length <= 3 && shape.All(length => length >= 0 && length <= 5));
        shapes.Should().Contain(shape => shape.Length == 0).And.Contain(shape => shape.Contains(0L)).And.Contain(shape => shape.Length == 3);
        Simplest(ZarrGen.Shape()).Should().BeEmpty();
        Simplest(ZarrGen.Shape(), shape => shape.Length == 2).Should().Equal(1L, 1L);
    }

    [Fact]
    public void ChunkShape_has_the_rank_and_positive_lengths_overhangs_sometimes_and_shrinks_to_one_chunk()
    {
        var gen = ZarrGen.Shape(3, 6).SelectMany(shape => ZarrGen.ChunkShape(shape).Select(chunk => (shape, chunk)));

        var samples = gen.Array[500].Single();

        samples.Should().OnlyContain(t => t.chunk.Length == t.shape.Length && t.chunk.All(length => length >= 1));
        samples.Should().Contain(t => t.chunk.Zip(t.shape).Any(p => p.First > Math.Max(p.Second, 1)), "chunks may overhang the array");
        samples.Should().Contain(t => t.chunk.Zip(t.shape).Any(p => p.First < p.Second), "arrays may have several chunks");
        Simplest(ZarrGen.ChunkShape([4, 0, 7])).Should().Equal(4L, 1L, 7L);
    }

    [Fact]
    public void InnerChunkShape_divides_the_shard_and_shrinks_to_the_whole_shard()
    {
        ZarrGen.ChunkSpec().SelectMany(spec => ZarrGen.InnerChunkShape(spec.Shape.ToArray()).Select(inner => (Shard: spec.Shape.ToArray(), inner)))
            .Sample(t => t.inner.Length == t.Shard.Length && t.inner.Zip(t.Shard).All(p => p.First >= 1 && p.Second % p.First == 0), iter: Iter);
        ZarrGen.InnerChunkShape([12]).Array[200].Single().Select(inner => inner[0]).Distinct().Should().BeEquivalentTo([1L, 2L, 3L, 4L, 6L, 12L]);
        Simplest(ZarrGen.InnerChunkShape([6, 4])).Should().Equal(6L, 4L);
    }

    [Fact]
    public void Permutation_orders_every_axis_once_and_shrinks_to_the_identity()
    {
        ZarrGen.Permutation(4).Sample(order => order.Order().SequenceEqual([0, 1, 2, 3]), iter: Iter);
        ZarrGen.Permutation(0).Single().Should().BeEmpty();
        Simplest(ZarrGen.Permutation(4)).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void Region_lies_inside_the_shape_selects_that_much_of_a_buffer_and_shrinks_to_the_whole_array()
    {
        ZarrGen.Shape().SelectMany(shape => ZarrGen.Region(shape).Select(region => (shape, region))).Sample(t =>
        {
            long[] lengths = [.. t.region.Zip(t.shape).Select(p => (long)p.First.End.GetOffset((nint)p.Second) - p.First.Start.GetOffset((nint)p.Second))];
            lengths.Should().NotContain(length => length < 0);
            CpuNDBuffer.Create(t.shape, DataType.UInt8)[t.region].Shape.ToArray().Should().Equal(lengths);
        }, iter: Iter);
        ZarrGen.Region([3]).Array[300].Single().Select(region => (region[0].Start.Value, region[0].End.Value)).Should().Contain([(0, 0), (3, 3), (1, 1), (1, 2)]);
        Simplest(ZarrGen.Region([3, 5])).Should().Equal(new NRange(0, 3), new NRange(0, 5));
    }

    [Fact]
    public void Codecs_validate_for_the_chunk_round_trip_it_bit_for_bit_and_shrink_to_little_endian_bytes()
    {
        var names = new HashSet<string>();
        ZarrGen.ChunkSpec().SelectMany(spec => Gen.Select(ZarrGen.Codecs(spec.DType, spec.Shape.ToArray()), ZarrGen.NDBuffer(spec.DType, spec.Shape.ToArray(), BufferPrototype.Default, MemoryOrder.C),
            (codecs, chunk) => (spec, codecs, chunk))).Sample(t =>
        {
            var pipeline = Pipeline(t.codecs);
            pipeline.Validate(t.spec);
            var decoded = pipeline.Decode(pipeline.Encode(t.chunk, t.spec, BufferPrototype.Default), t.spec, BufferPrototype.Default);
            if (t.codecs.Any(codec => (string)codec!["name"]! == ShardingCodec.CodecName))
            {
                // An inner chunk equal to the fill value (NaN equal to any NaN, -0.0 to 0.0) is left out and decodes as the fill value.
                decoded.AllEqual(t.chunk, equalNaN: true).Should().BeTrue();
            }
            else
            {
                ElementBytes(decoded).Should().Equal(ElementBytes(t.chunk));
            }

            lock (names)
            {
                names.UnionWith(t.codecs.Select(codec => (string)codec!["name"]!));
            }
        }, iter: Iter, print: t => $"{t.spec.DType.Name}[{string.Join(", ", t.spec.Shape.ToArray())}] {t.codecs.ToJsonString()}");

        names.Should().BeEquivalentTo(BytesCodec.CodecName, TransposeCodec.CodecName, ShardingCodec.CodecName, GzipCodec.CodecName, ZstdCodec.CodecName, Crc32cCodec.CodecName, ZlibCodec.CodecName);
        Simplest(ZarrGen.Codecs(DataType.Int32, [2, 3])).ToJsonString().Should().Be("""[{"name":"bytes","configuration":{"endian":"little"}}]""");
    }

    [Fact]
    public async Task ArrayMetadataV3_round_trips_through_json_and_stores_an_array()
    {
        var gen = ZarrGen.ArrayMetadataV3().SelectMany(metadata => ZarrGen.NDBuffer(metadata.DataType, metadata.Shape.ToArray(), BufferPrototype.Default, MemoryOrder.C)
            .Select(data => (metadata, data)));
        await gen.SampleAsync(async t =>
        {
            ArrayMetadata.Parse(JsonSerializer.SerializeToUtf8Bytes(t.metadata.ToJson())).ToJson().ToJsonString().Should().Be(t.metadata.ToJson().ToJsonString());
            await ArrayRoundTripAsync(t.metadata, t.data);
        }, iter: Iter / 3, print: t => t.metadata.ToJson().ToJsonString());
    }

    [Fact]
    public async Task ArrayMetadataV2_round_trips_through_json_and_stores_an_array()
    {
        var gen = ZarrGen.ArrayMetadataV2().SelectMany(metadata => ZarrGen.NDBuffer(metadata.DataType, metadata.Shape.ToArray(), BufferPrototype.Default, MemoryOrder.C)
            .Select(data => (metadata, data)));
        await gen.SampleAsync(async t =>
        {
            ArrayMetadata.ParseV2(JsonSerializer.SerializeToUtf8Bytes(t.metadata.ToJson())).ToJson().ToJsonString().Should().Be(t.metadata.ToJson().ToJsonString());
            await ArrayRoundTripAsync(t.metadata, t.data);
        }, iter: Iter / 3, print: t => t.metadata.ToJson().ToJsonString());
    }

    [Fact]
    public void NDBuffer_is_made_by_the_prototype_in_the_order_with_the_shape_and_shrinks_to_zeros()
    {
        Gen.Select(ZarrGen.Prototype, ZarrGen.DataType, ZarrGen.Shape(), Gen.OneOf(MemoryOrder.C, MemoryOrder.F))
            .SelectMany((prototype, dataType, shape, order) => ZarrGen.NDBuffer(dataType, shape, prototype, order).Select(buffer => (prototype, dataType, shape, order, buffer)))
            .Sample(t =>
            {
                t.buffer.GetType().Should().Be(t.prototype.NDBuffer.Empty([1], t.dataType).GetType());
                t.buffer.DType.Should().Be(t.dataType);
                t.buffer.Shape.ToArray().Should().Equal(t.shape);
                t.buffer.IsContiguous(t.order).Should().BeTrue();
            }, iter: Iter);
        ElementBytes(Simplest(ZarrGen.NDBuffer(DataType.Float64, [2], BufferPrototype.Default, MemoryOrder.F))).Should().OnlyContain(b => b == 0);
        ZarrGen.AnyNDBuffer(PrototypeChecks.Prototype).Sample(buffer => buffer is NDBufferUsingTestNDArrayLike, iter: Iter);
    }

    [Fact]
    public void NDBuffer_keeps_nan_payloads_and_signed_zeros_bit_for_bit()
    {
        var elements = ZarrGen.NDBuffer(DataType.Float64, [8, 8], PrototypeChecks.Prototype, MemoryOrder.F).Array[20].Single()
            .SelectMany(buffer => buffer.ToArray<double>()).Select(BitConverter.DoubleToUInt64Bits).ToHashSet();

        elements.Should().Contain([0x8000_0000_0000_0000, 0x7FF8_0000_0000_0005, 0xFFFF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0001]);
    }

    [Fact]
    public async Task StoreKey_is_accepted_by_memory_and_local_stores_and_shrinks_to_a()
    {
        using var folder = new TempFolder();
        var local = new LocalStore(folder.Path);
        var memory = new MemoryStore();
        await ZarrGen.StoreKey.SampleAsync(async key =>
        {
            foreach (var store in new Store[] { local, memory })
            {
                await store.SetAsync(key, CpuBuffer.FromBytes([1, 2]));
                (await store.GetAsync(key, BufferPrototype.Default))!.ToBytes().Should().Equal(1, 2);
                await store.DeleteAsync(key);
            }
        }, iter: Iter, threads: 1);
        Simplest(ZarrGen.StoreKey).Should().Be("a");
    }

    [Fact]
    public async Task HostileStoreKey_is_refused_by_local_store_which_writes_nothing_and_shrinks_to_the_empty_key()
    {
        using var folder = new TempFolder();
        string root = folder.NewSubfolder();
        var local = new LocalStore(Path.Combine(root, "store"));
        await ZarrGen.HostileStoreKey.SampleAsync(async key =>
        {
            var set = async () => await local.SetAsync(key, CpuBuffer.FromBytes([1]));
            await set.Should().ThrowAsync<ArgumentException>();
        }, iter: Iter, threads: 1, print: key => JsonSerializer.Serialize(key));

        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Should().BeEmpty();
        Simplest(ZarrGen.HostileStoreKey).Should().BeEmpty();
    }

    [Fact]
    public void ByteRequest_reaches_every_kind_inside_and_past_the_value_and_shrinks_to_the_whole_value()
    {
        var requests = ZarrGen.ByteRequest(10).Array[1_000].Single();

        requests.Select(request => Describe(request, 10)).Distinct().Should().BeEquivalentTo(
            "whole", "range inside", "range past the end", "offset inside", "offset past the end", "suffix inside", "suffix past the start");
        requests.Should().Contain(request => request is OffsetByteRequest && ((OffsetByteRequest)request).Offset == 10, "a request may sit at the end");
        Simplest(ZarrGen.ByteRequest(10)).Should().BeNull();
    }

    private static string Describe(ByteRequest? request, long valueLength) => request switch
    {
        null => "whole",
        RangeByteRequest range => range.End <= valueLength ? "range inside" : "range past the end",
        OffsetByteRequest offset => offset.Offset <= valueLength ? "offset inside" : "offset past the end",
        SuffixByteRequest suffix => suffix.Suffix <= valueLength ? "suffix inside" : "suffix past the start",
        _ => request.GetType().Name,
    };

    private static async Task ArrayRoundTripAsync(ArrayMetadata metadata, NDBuffer data)
    {
        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "a", metadata);
        await array.WriteAsync([], data);

        var read = await (await ZarrArray.OpenAsync(store, "a")).ReadAsync([]);

        // Numerically, not bit for bit: a chunk equal to the fill value (NaN payloads equal to NaN, -0.0 to 0.0) is not
        // stored, as zarr-python's write_empty_chunks=False does, and reads back as the fill value.
        read.AllEqual(data, equalNaN: true).Should().BeTrue();
    }

    private static CodecPipeline Pipeline(JsonArray codecs)
    {
        using var json = JsonDocument.Parse(codecs.ToJsonString());
        return CodecPipeline.FromJson(json.RootElement);
    }

    private static byte[] ElementBytes(NDBuffer buffer) => new BytesCodec(Endian.Little).Encode(buffer, BufferPrototype.Default).ToBytes();

    private static byte[] ElementBytes(DataType dataType, object value) => ElementBytes(CpuNDBuffer.Create([1], dataType, fillValue: value));

    private static ulong Bits(object value) => value switch
    {
        Half h => BitConverter.HalfToUInt16Bits(h),
        float f => BitConverter.SingleToUInt32Bits(f),
        _ => BitConverter.DoubleToUInt64Bits((double)value),
    };

    private static object NetNaN(DataType dataType) => dataType.Name switch
    {
        "float16" => Half.NaN,
        "float32" => float.NaN,
        _ => double.NaN,
    };

    private static bool IsNaN(DataType dataType, ulong bits) => dataType.Name switch
    {
        "float16" => Half.IsNaN(BitConverter.UInt16BitsToHalf((ushort)bits)),
        "float32" => float.IsNaN(BitConverter.UInt32BitsToSingle((uint)bits)),
        _ => double.IsNaN(BitConverter.UInt64BitsToDouble(bits)),
    };
}
