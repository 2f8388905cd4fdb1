using System.Globalization;
using System.Text;

namespace Zarr.Arrays;

/// <summary>
/// How chunk grid coordinates become store keys (Zarr v3 <c>chunk_key_encoding</c>): <c>default</c>
/// gives <c>c/0/1</c> (rank 0: <c>c</c>), <c>v2</c> gives <c>0.1</c> (rank 0: <c>0</c>).
/// </summary>
public sealed record ChunkKeyEncoding
{
    private ChunkKeyEncoding(string name, char separator)
    {
        if (separator is not ('/' or '.'))
        {
            throw new ArgumentException($"Chunk key separator '{separator}' is not supported; expected '/' or '.'.", nameof(separator));
        }

        Name = name;
        Separator = separator;
    }

    /// <summary>The encoding's name in metadata: <c>default</c> or <c>v2</c>.</summary>
    public string Name { get; }

    /// <summary>The character between coordinates: <c>/</c> or <c>.</c>.</summary>
    public char Separator { get; }

    /// <summary>The Zarr v3 <c>default</c> encoding: <c>c</c>, then each coordinate after a separator.</summary>
    /// <param name="separator"><c>/</c> (the default) or <c>.</c>.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="ArgumentException"><paramref name="separator"/> is neither <c>/</c> nor <c>.</c>.</exception>
    public static ChunkKeyEncoding Default(char separator = '/') => new("default", separator);

    /// <summary>The Zarr v2 encoding: the coordinates joined by the separator.</summary>
    /// <param name="separator"><c>.</c> (the default) or <c>/</c>.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="ArgumentException"><paramref name="separator"/> is neither <c>/</c> nor <c>.</c>.</exception>
    public static ChunkKeyEncoding V2(char separator = '.') => new("v2", separator);

    /// <summary>The key of one chunk, relative to the array's own path.</summary>
    /// <param name="chunkCoords">The chunk's coordinates in the chunk grid.</param>
    /// <returns>For example <c>c/0/1</c> or <c>0.1</c>.</returns>
    public string EncodeKey(ReadOnlySpan<long> chunkCoords)
    {
        bool isV2 = Name == "v2";
        if (chunkCoords.IsEmpty)
        {
            return isV2 ? "0" : "c";
        }

        var key = new StringBuilder(isV2 ? "" : "c");
        for (int i = 0; i < chunkCoords.Length; i++)
        {
            if (!isV2 || i > 0)
            {
                key.Append(Separator);
            }

            key.Append(chunkCoords[i].ToString(CultureInfo.InvariantCulture));
        }

        return key.ToString();
    }
}
