namespace Zarr.Codecs;

/// <summary>The filter Blosc applies to each block before compressing it: the <c>shuffle</c> of the <c>blosc</c> codec's configuration.</summary>
public enum BloscShuffle
{
    /// <summary><c>noshuffle</c>: the bytes are compressed as they are.</summary>
    NoShuffle,

    /// <summary><c>shuffle</c>: byte shuffle, byte <c>j</c> of every element together.</summary>
    Shuffle,

    /// <summary><c>bitshuffle</c>: bit shuffle, bit <c>k</c> of byte <c>j</c> of every element together.</summary>
    BitShuffle,
}
