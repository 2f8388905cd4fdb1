using Zarr.Codecs.Blosc;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

public class BitShuffleTests
{
    public static TheoryData<int, int> TypeSizesAndLengths => new()
    {
        { 1, 8 }, { 1, 200 }, { 1, 4096 }, { 2, 16 }, { 2, 34 }, { 2, 1030 }, { 3, 24 }, { 3, 3 * 136 }, { 4, 7 }, { 4, 100 },
        { 4, 1024 }, { 4, 4099 }, { 8, 64 }, { 8, 8 * 520 }, { 16, 16 * 24 }, { 16, 16 * 200 + 5 }, { 5, 5 * 72 },
        { 1, 8 * 16 }, { 1, 8 * 17 }, { 1, 8 * 31 }, { 2, 2 * 8 * 48 }, { 3, 3 * 8 * 21 }, { 4, 4 * 8 * 33 }, { 8, 8 * 8 * 35 + 3 },
    };

    [Theory]
    [MemberData(nameof(TypeSizesAndLengths))]
    public void Row_8j_plus_k_holds_bit_k_of_byte_j_of_every_element(int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length);
        var shuffled = new byte[length];

        BitShuffle.Shuffle(typeSize, source, shuffled);

        int elements = length / typeSize;
        if (elements % 8 != 0)
        {
            shuffled.Should().Equal(source, "c-blosc copies a block whose element count is not a multiple of 8");
            return;
        }

        for (int i = 0; i < elements; i++)
        {
            for (int bit = 0; bit < 8 * typeSize; bit++)
            {
                int expected = (source[(i * typeSize) + (bit / 8)] >> (bit % 8)) & 1;
                int actual = (shuffled[(bit * elements / 8) + (i / 8)] >> (i % 8)) & 1;
                actual.Should().Be(expected, $"bit {bit} of element {i}");
            }
        }

        shuffled[(elements * typeSize)..].Should().Equal(source[(elements * typeSize)..], "bytes past the last whole element stay where they are");
    }

    [Theory]
    [MemberData(nameof(TypeSizesAndLengths))]
    public void The_vector_paths_match_the_scalar_paths_both_ways(int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length + 1);
        var vector = new byte[length];
        var scalar = new byte[length];

        BitShuffle.Shuffle(typeSize, source, vector);
        BitShuffle.ShuffleScalar(typeSize, source, scalar);
        vector.Should().Equal(scalar);

        BitShuffle.Unshuffle(typeSize, source, vector);
        BitShuffle.UnshuffleScalar(typeSize, source, scalar);
        vector.Should().Equal(scalar);
    }

    [Theory]
    [MemberData(nameof(TypeSizesAndLengths))]
    public void Unshuffle_undoes_shuffle(int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length + 2);
        var shuffled = new byte[length];
        var back = new byte[length];

        BitShuffle.Shuffle(typeSize, source, shuffled);
        BitShuffle.Unshuffle(typeSize, shuffled, back);

        back.Should().Equal(source);
    }
}
