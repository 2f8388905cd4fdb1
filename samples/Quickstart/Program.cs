// The README's main job. With no argument: writes a small chunked array through the default prototype into a
// MemoryStore, then through the testing prototype into a StoreExpectingTestBuffer, reads both back, and shows the
// testing store catching a writer that ignores the prototype. With a path to a Zarr array folder: prints its
// metadata, chunk count, stored size and a summary of its values.
using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage;
using Zarr.Testing;

if (args.Length > 0)
{
    try
    {
        await Summarize(args[0]);
        return 0;
    }
    catch (Exception e) when (e is NotSupportedException or KeyNotFoundException or InvalidDataException or IOException)
    {
        Console.Error.WriteLine($"Cannot read {args[0]}: {e.Message}");
        return 1;
    }
}

var metadata = new ArrayMetadata(
    shape: [6, 8],
    dataType: DataType.UInt16,
    chunkShape: [4, 4],
    fillValue: 0,
    codecs: JsonNode.Parse("""
        [{"name": "transpose", "configuration": {"order": [1, 0]}},
         {"name": "bytes", "configuration": {"endian": "big"}},
         {"name": "gzip", "configuration": {"level": 5}},
         {"name": "crc32c"}]
        """)!.AsArray());
NRange[] region = [new(1, 4), new(3, 6)];
var ones = CpuNDBuffer.Create([3, 3], DataType.UInt16, fillValue: 1);

Console.WriteLine($"Array: shape [6, 8] of uint16 in 4x4 chunks, codecs transpose + bytes(big) + gzip + crc32c; writing ones into [1:4, 3:6].");
await RoundTrip("MemoryStore, default prototype", new MemoryStore(), BufferPrototype.Default);
var testing = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();
await RoundTrip("StoreExpectingTestBuffer, testing prototype", new StoreExpectingTestBuffer(), testing);

Console.WriteLine("A writer that ignores the prototype it was handed, caught by the testing store:");
try
{
    // A whole chunk, so the write encodes without reading first: the encoded chunk reaches the store as a CpuBuffer.
    var array = await ZarrArray.CreateAsync(new StoreExpectingTestBuffer(), "broken", metadata);
    await array.WriteAsync([new(0, 4), new(0, 4)], CpuNDBuffer.Create([4, 4], DataType.UInt16, fillValue: 1), BufferPrototype.Default);
}
catch (Exception e) when (e is UnexpectedBufferTypeException or AggregateException)
{
    Console.WriteLine($"  {e.GetType().Name}: {e.Message}");
}

return 0;

async Task RoundTrip(string title, IStore store, BufferPrototype prototype)
{
    var array = await ZarrArray.CreateAsync(store, "demo", metadata);
    await array.WriteAsync(region, ones, prototype);
    var read = await array.ReadAsync(null, prototype);
    var keys = new List<string>();
    await foreach (string key in store.ListPrefixAsync("demo/"))
    {
        keys.Add(key);
    }

    keys.Sort(StringComparer.Ordinal);
    var chunk = await store.GetAsync(array.ChunkKey([0, 0]), prototype);
    Console.WriteLine($"{title}:");
    Console.WriteLine($"  stored keys: {string.Join(", ", keys)} ({await store.GetSizePrefixAsync("demo")} bytes)");
    Console.WriteLine($"  chunk c/0/0 read back as {chunk?.GetType().Name}; the array as {read.GetType().Name} over {read.AsNDArrayLike().GetType().Name}");
    Console.WriteLine($"  values: {read}");
}

static async Task Summarize(string path)
{
    var store = new LocalStore(Path.GetFullPath(path), readOnly: true);
    var array = await ZarrArray.OpenAsync(store, "");
    var meta = array.Metadata;
    var grid = meta.ChunkGrid;
    long chunkCount = 1;
    foreach (long length in grid.GridShape)
    {
        chunkCount *= length;
    }

    Console.WriteLine($"{Path.GetFullPath(path)}");
    Console.WriteLine($"  zarr_format {meta.ZarrFormat}, data type {meta.DataType}, shape [{string.Join(", ", meta.Shape.ToArray())}], chunks [{string.Join(", ", meta.ChunkShape.ToArray())}]");
    Console.WriteLine($"  fill value {meta.FillValue ?? "null"}, codecs {string.Join(" + ", meta.Codecs.Select(c => (string?)c!["name"]))}");
    if (meta.DimensionNames is { } names)
    {
        Console.WriteLine($"  dimension names {string.Join(", ", names.Select(n => n ?? "null"))}");
    }

    Console.WriteLine($"  {chunkCount} chunks in a [{string.Join(", ", grid.GridShape.ToArray())}] grid, {await store.GetSizePrefixAsync("")} bytes stored");

    var summary = new Summary();
    var progress = new Progress(chunkCount);
    foreach (var chunkRegion in ChunkRegions(grid))
    {
        summary.Add(await array.ReadAsync(chunkRegion, BufferPrototype.Default));
        progress.Step();
    }

    progress.Done();
    Console.WriteLine($"  {summary}");
}

static IEnumerable<NRange[]> ChunkRegions(ChunkGrid grid)
{
    int rank = grid.GridShape.Length;
    var index = new long[rank];
    long total = 1;
    foreach (long length in grid.GridShape)
    {
        total *= length;
    }

    for (long n = 0; n < total; n++)
    {
        var region = new NRange[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            long start = index[axis] * grid.ChunkShape[axis];
            region[axis] = new NRange((nint)start, (nint)Math.Min(start + grid.ChunkShape[axis], grid.ArrayShape[axis]));
        }

        yield return region;
        for (int axis = rank - 1; axis >= 0 && ++index[axis] == grid.GridShape[axis]; axis--)
        {
            index[axis] = 0;
        }
    }
}

/// <summary>Running min, max and mean over the real parts of every value, NaNs counted apart.</summary>
sealed class Summary
{
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity, _sum;
    private long _count, _nans;

    public void Add(NDBuffer values)
    {
        var tensor = values.AsType(DataType.Float64, MemoryOrder.C).AsTensor<double>();
        foreach (double value in tensor)
        {
            if (double.IsNaN(value))
            {
                _nans++;
                continue;
            }

            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            _sum += value;
            _count++;
        }
    }

    public override string ToString() => _count == 0
        ? $"{_nans} values, all NaN"
        : $"{_count + _nans} values: min {_min}, max {_max}, mean {_sum / _count:G6}" + (_nans > 0 ? $", {_nans} NaN" : "");
}

/// <summary>A one-line progress bar, drawn only for arrays of many chunks and only on a terminal.</summary>
sealed class Progress(long total)
{
    private const int Width = 40;
    private readonly bool _visible = total >= 32 && !Console.IsOutputRedirected;
    private long _done;

    public void Step()
    {
        _done++;
        if (_visible && (_done % Math.Max(1, total / 100) == 0 || _done == total))
        {
            int filled = (int)(Width * _done / total);
            Console.Write($"\r  [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{total} chunks");
        }
    }

    public void Done()
    {
        if (_visible)
        {
            Console.WriteLine();
        }
    }
}
