using Zarr.Codecs.Blosc;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

public class ByteShuffleTests
{
    public static TheoryData<int, int> TypeSizesAndLengths => new()
    {
        { 1, 100 }, { 2, 0 }, { 2, 1 }, { 2, 33 }, { 2, 4097 }, { 3, 100 }, { 4, 7 }, { 4, 64 }, { 4, 1003 },
        { 8, 8 }, { 8, 1001 }, { 16, 15 }, { 16, 1600 }, { 16, 1615 }, { 5, 999 }, { 255, 1000 },
    };

    [Theory]
    [MemberData(nameof(TypeSizesAndLengths))]
    public void Shuffle_puts_byte_j_of_every_element_in_row_j_and_copies_the_leftover(int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length);
        var shuffled = new byte[length];

        ByteShuffle.Shuffle(typeSize, source, shuffled);

        int elements = length / typeSize;
        for (int i = 0; i < elements * typeSize; i++)
        {
            shuffled[((i % typeSize) * elements) + (i / typeSize)].Should().Be(source[i], $"byte {i % typeSize} of element {i / typeSize}");
        }

        shuffled[(elements * typeSize)..].Should().Equal(source[(elements * typeSize)..], "bytes past the last whole element stay where they are");
    }

    // Every type size with lengths around the vector widths, at 64, 32 and 16 bytes (run in software where the
    // hardware lacks the width) and 0 (scalar only); sizes 9-16 first go in tiles of 64, 32 or 16 elements (sizes 5-8 too
    // at 16 bytes), so the lengths include 63, 64 and 65 elements of size 16, a tile and a few vectors, and rows exactly
    // 4 KiB long.
    private static IEnumerable<(int Width, int TypeSize, int Length)> WidthsTypeSizesAndLengths()
    {
        foreach (int width in (int[])[64, 32, 16, 0])
        {
            for (int typeSize = 1; typeSize <= 16; typeSize++)
            {
                foreach (int length in (int[])[0, 1, 63, 71, 129, 1000, 4097, 3215, 504, 512, 520, 1008, 1024, 1039, 1040, 1088, 65536])
                {
                    yield return (width, typeSize, length);
                }
            }
        }
    }

    // Sizes 3, 5-7 and 9-15 go 16, 8 or 4 elements a step while a whole vector's load or store stays in the block (at 64
    // bytes 3, 5-7 and 9-15, at 32 bytes 3 and 5-7, at 16 bytes 3): lengths one byte either side of where the last step
    // ends, after one, a few and many steps; 24 stays scalar.
    private static IEnumerable<(int Width, int TypeSize, int Length)> WidthsOddTypeSizesAndStepEdges()
    {
        foreach (int width in (int[])[64, 32, 16, 0])
        {
            foreach (int typeSize in (int[])[3, 5, 6, 7, 12, 24])
            {
                foreach (int elements in (int[])[0, 1, 2, 4, 8, 16, 64, 1000])
                {
                    foreach (int offset in (int[])[-1, 0, 1])
                    {
                        yield return (width, typeSize, Math.Max(width, 16) + (elements * typeSize) + offset);
                    }
                }
            }
        }
    }

    // Sizes 9 and above (and 5-8 at 16 bytes) go 64, 32 or 16 elements at a time (at 64, 32, 16 bytes), 16, 8 or 4
    // columns at a time, the last columns overlapping the ones before where the size is not a multiple of them: lengths
    // one byte either side of none, one and a few tiles of each width, a tile and a few elements, and many tiles with
    // rows a multiple of 4 KiB long. Below 16 bytes at 64 bytes the last element's 16 columns reach 16 - typeSize bytes
    // past it, so the lengths also end one byte either side of that.
    private static IEnumerable<(int Width, int TypeSize, int Length)> WidthsTiledTypeSizesAndTileEdges()
    {
        foreach (int width in (int[])[64, 32, 16, 0])
        {
            foreach (int typeSize in (int[])[5, 6, 7, 8, 9, 12, 15, 16, 17, 20, 24, 31, 32, 33, 48, 64, 100, 255])
            {
                foreach (int elements in (int[])[1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97, 128, 131, 4096])
                {
                    foreach (int offset in ((int[])[-1, 0, 1, 15 - typeSize, 16 - typeSize]).Where(offset => offset < typeSize).Distinct())
                    {
                        yield return (width, typeSize, (elements * typeSize) + offset);
                    }
                }
            }
        }
    }

    // The three sets above share some cases; each runs once.
    public static TheoryData<int, int, int> WidthsTypeSizesAndEdges =>
        [.. WidthsTypeSizesAndLengths().Concat(WidthsOddTypeSizesAndStepEdges()).Concat(WidthsTiledTypeSizesAndTileEdges()).Distinct()];

    [Theory]
    [MemberData(nameof(WidthsTypeSizesAndEdges))]
    public void Every_vector_width_matches_the_scalar_loops_both_ways(int widestVector, int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length + 1);
        var vector = new byte[length];
        var scalar = new byte[length];

        ByteShuffle.Shuffle(typeSize, source, vector, widestVector);
        ByteShuffle.ShuffleScalar(typeSize, source, scalar);
        vector.Should().Equal(scalar);

        ByteShuffle.Unshuffle(typeSize, source, vector, widestVector);
        ByteShuffle.UnshuffleScalar(typeSize, source, scalar);
        vector.Should().Equal(scalar);
    }

    [Theory]
    [MemberData(nameof(TypeSizesAndLengths))]
    public void Unshuffle_undoes_shuffle(int typeSize, int length)
    {
        byte[] source = BloscTestData.Generate(BloscTestData.Random, length, length + 2);
        var shuffled = new byte[length];
        var back = new byte[length];

        ByteShuffle.Shuffle(typeSize, source, shuffled);
        ByteShuffle.Unshuffle(typeSize, shuffled, back);

        back.Should().Equal(source);
    }
}
