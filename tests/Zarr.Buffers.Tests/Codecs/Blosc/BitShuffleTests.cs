using Zarr.Codecs.Blosc;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

public class BitShuffleTests
{
    public static TheoryData<int, int> TypeSizesAndLengths => new()
    {
        { 1, 8 }, { 1, 200 }, { 1, 4096 }, { 2, 16 }, { 2, 34 }, { 2, 1030 }, { 3, 24 }, { 3, 3 * 136 }, { 4, 7 }, { 4, 100 },
        { 4, 1024 }, { 4, 4099 }, { 8, 64 }, { 8, 8 * 520 }, { 16, 16 * 24 }, { 16, 16 * 200 + 5 }, { 5, 5 * 72 },
        { 1, 8 * 16 }, { 1, 8 * 17 }, { 1, 8 * 31 }, { 2, 2 * 8 * 48 }, { 3, 3 * 8 * 21 }, { 4, 4 * 8 * 33 }, { 8, 8 * 8 * 35 + 3 },
        { 1, 8 * 1100 }, { 4, 4 * 8 * 520 + 1 }, { 16, 16 * 8 * 130 }, { 17, 17 * 8 * 9 }, { 33, 33 * 8 * 60 + 7 },
    };

    public static TheoryData<int, int, int> TransposesAndTypeSizesAndLengths()
    {
        var cases = new TheoryData<int, int, int>();
        foreach (var transpose in Enum.GetValues<BitShuffle.SquareTranspose>())
        {
            foreach (var row in TypeSizesAndLengths)
            {
                cases.Add((int)transpose, row.Data.Item1, row.Data.Item2);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(TransposesAndTypeSizesAndLengths))]
    public void Row_8j_plus_k_holds_bit_k_of_byte_j_of_every_element(int way, int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length);
        var shuffled = new byte[length];

        BitShuffle.Shuffle(typeSize, source, shuffled, (BitShuffle.SquareTranspose)way);

        int elements = length / typeSize;
        if (elements % 8 != 0)
        {
            shuffled.Should().Equal(source, "c-blosc copies a block whose element count is not a multiple of 8");
            return;
        }

        shuffled.Should().Equal(BitRows(typeSize, source, elements));
    }

    // The definition: bit `bit` of element i in bit i % 8 of byte i / 8 of row `bit`; the bytes past the last whole
    // element where they are.
    private static byte[] BitRows(int typeSize, byte[] source, int elements)
    {
        var rows = (byte[])source.Clone();
        Array.Clear(rows, 0, elements * typeSize);
        for (int i = 0; i < elements; i++)
        {
            for (int bit = 0; bit < 8 * typeSize; bit++)
            {
                int value = (source[(i * typeSize) + (bit / 8)] >> (bit % 8)) & 1;
                rows[(bit * elements / 8) + (i / 8)] |= (byte)(value << (i % 8));
            }
        }

        return rows;
    }

    // Every type size 1 to 16 and some larger, each way of transposing the squares (Fastest is GFNI where the processor
    // has it, ShiftsAndMasks the shifts and masks at every vector width, in the fused shuffle and the unshuffle's in-place
    // pass, each against Scalar; the CI runs these again with the runtime's knobs turning AVX-512, AVX2, GFNI and all
    // intrinsics off). Element counts around the 16-, 32- and 64-byte vectors (and the 128-byte pairs)
    // and past 8192 elements, with and without leftover bytes, and counts that are not a multiple of 8 (copied).
    public static TheoryData<int, int, int> TransposesTypeSizesAndLengths()
    {
        var cases = new TheoryData<int, int, int>();
        foreach (var transpose in (BitShuffle.SquareTranspose[])[BitShuffle.SquareTranspose.Fastest, BitShuffle.SquareTranspose.ShiftsAndMasks])
        {
            foreach (int typeSize in Enumerable.Range(1, 16).Concat([17, 23, 32, 33]))
            {
                foreach (int elements in (int[])[8, 16, 56, 64, 72, 120, 128, 136, 200, 8 * 131, 8 * 1031])
                {
                    cases.Add((int)transpose, typeSize, elements * typeSize);
                    if (typeSize > 1)
                    {
                        cases.Add((int)transpose, typeSize, (elements * typeSize) + (typeSize / 2));
                    }
                }

                cases.Add((int)transpose, typeSize, 67 * typeSize);
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
