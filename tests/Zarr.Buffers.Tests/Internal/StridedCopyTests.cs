using System.Buffers;
using System.Numerics.Tensors;
using Zarr.Buffers.Internal;

namespace Zarr.Buffers.Tests.Internal;

public class StridedCopyTests
{
    // A block of a C-ordered source copied into the same-sized block of a larger C-ordered destination: both share
    // their dense inner axis, so the copy goes a line at a time; nothing outside the block may change.
    [Theory]
    [InlineData(new[] { 7 }, new[] { 2 }, new[] { 3 })]
    [InlineData(new[] { 5, 6 }, new[] { 1, 2 }, new[] { 0, 3 })]
    [InlineData(new[] { 3, 4, 5 }, new[] { 0, 1, 2 }, new[] { 2, 0, 1 })]
    [InlineData(new[] { 2, 3, 1, 4 }, new[] { 1, 0, 0, 0 }, new[] { 0, 2, 1, 3 })]
    public void A_block_goes_into_its_place_in_a_larger_tensor_line_by_line(int[] blockShape, int[] sourceStart, int[] destinationStart)
    {
        int rank = blockShape.Length;
        nint[] sourceLengths = [.. blockShape.Select((length, axis) => (nint)(length + sourceStart[axis] + 1))];
        nint[] destinationLengths = [.. blockShape.Select((length, axis) => (nint)(length + destinationStart[axis] + 2))];
        int[] sourceValues = [.. Enumerable.Range(1, (int)sourceLengths.Aggregate((a, b) => a * b))];
        int[] destinationValues = new int[destinationLengths.Aggregate((a, b) => a * b)];
        var source = Tensor.Create(sourceValues, sourceLengths);
        var destination = Tensor.Create(destinationValues, destinationLengths);
        NRange[] fromBlock = [.. Enumerable.Range(0, rank).Select(axis => new NRange(sourceStart[axis], sourceStart[axis] + blockShape[axis]))];
        NRange[] toBlock = [.. Enumerable.Range(0, rank).Select(axis => new NRange(destinationStart[axis], destinationStart[axis] + blockShape[axis]))];

        StridedCopy.Copy(source.Slice(fromBlock), destination.Slice(toBlock));

        int[] expected = new int[destinationValues.Length];
        source.Slice(fromBlock).CopyTo(Tensor.Create(expected, destinationLengths).Slice(toBlock));
        expected.Should().Contain(value => value != 0);
        destinationValues.Should().Equal(expected);
    }
}
