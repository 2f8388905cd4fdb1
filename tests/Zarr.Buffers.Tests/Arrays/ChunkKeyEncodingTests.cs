using Zarr.Arrays;

namespace Zarr.Buffers.Tests.Arrays;

public class ChunkKeyEncodingTests
{
    [Theory]
    [InlineData("default", '/', new long[] { 0, 1 }, "c/0/1")]
    [InlineData("default", '.', new long[] { 12, 3, 4 }, "c.12.3.4")]
    [InlineData("default", '/', new long[0], "c")]
    [InlineData("v2", '.', new long[] { 0, 1 }, "0.1")]
    [InlineData("v2", '/', new long[] { 5, 0, 7 }, "5/0/7")]
    [InlineData("v2", '.', new long[0], "0")]
    [InlineData("v2", '.', new long[] { 3 }, "3")]
    public void Encodes_keys(string name, char separator, long[] coords, string expected)
    {
        var encoding = name == "v2" ? ChunkKeyEncoding.V2(separator) : ChunkKeyEncoding.Default(separator);
        encoding.Name.Should().Be(name);
        encoding.EncodeKey(coords).Should().Be(expected);
    }

    [Fact]
    public void Defaults_follow_the_spec()
    {
        ChunkKeyEncoding.Default().Separator.Should().Be('/');
        ChunkKeyEncoding.V2().Separator.Should().Be('.');
        ChunkKeyEncoding.Default().Should().Be(ChunkKeyEncoding.Default('/'));
        ChunkKeyEncoding.Default('.').Should().NotBe(ChunkKeyEncoding.V2('.'));
    }

    [Fact]
    public void Other_separators_are_rejected()
    {
        var act = () => ChunkKeyEncoding.Default('-');
        act.Should().Throw<ArgumentException>().WithMessage("*'-'*");
    }
}
