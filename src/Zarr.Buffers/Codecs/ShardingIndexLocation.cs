namespace Zarr.Codecs;

/// <summary>Where a shard keeps its index of inner chunks (the <c>index_location</c> of the <c>sharding_indexed</c> codec).</summary>
public enum ShardingIndexLocation
{
    /// <summary>The index follows the inner chunks (<c>"end"</c>, the default): a writer can stream the chunks first.</summary>
    End,

    /// <summary>The index precedes the inner chunks (<c>"start"</c>).</summary>
    Start,
}
