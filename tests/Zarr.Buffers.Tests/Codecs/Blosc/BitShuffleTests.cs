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

    // Every type size 1 to 16: whole groups of eight elements up to past the 64-byte vectors, with and without leftover
    // bytes, and element counts that are not a multiple of 8 (copied); each way of transposing the squares (Fastest is
    // GFNI where the processor has it, else the 128-bit or scalar path).
    public static TheoryData<int, int, int> TransposesTypeSizesAndLengths()
    {
        var cases = new TheoryData<int, int, int>();
        foreach (var transpose in (BitShuffle.SquareTranspose[])[BitShuffle.SquareTranspose.Fastest, BitShuffle.SquareTranspose.Vector128])
        {
            for (int typeSize = 1; typeSize <= 16; typeSize++)
            {
                foreach (int elements in (int[])[8, 24, 64, 136, 1024, 8 * 131])
                {
                    cases.Add((int)transpose, typeSize, elements * typeSize);
                    cases.Add((int)transpose, typeSize, (elements + 3) * typeSize);
                    if (typeSize > 1)
                    {
                        cases.Add((int)transpose, typeSize, (elements * typeSize) + (typeSize / 2));
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(TransposesTypeSizesAndLengths))]
    public void Every_transpose_matches_the_scalar_one_both_ways(int way, int typeSize, int length)
    {
        var transpose = (BitShuffle.SquareTranspose)way;
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length + 1);
        var vector = new byte[length];
        var scalar = new byte[length];

        BitShuffle.Shuffle(typeSize, source, vector, transpose);
        BitShuffle.Shuffle(typeSize, source, scalar, BitShuffle.SquareTranspose.Scalar);
        vector.Should().Equal(scalar);

        BitShuffle.Unshuffle(typeSize, source, vector, transpose);
        BitShuffle.Unshuffle(typeSize, source, scalar, BitShuffle.SquareTranspose.Scalar);
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
