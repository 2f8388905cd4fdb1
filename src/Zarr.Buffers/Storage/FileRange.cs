using Microsoft.Win32.SafeHandles;

namespace Zarr.Storage;

/// <summary>An open file and the bytes of it a read selects; disposing it closes the file.</summary>
internal readonly record struct FileRange(SafeFileHandle? Handle, long Start, long Length) : IDisposable
{
    /// <summary>
    /// Reads the range into <paramref name="destination"/> (at most its length), until it is full or the file ends: a file
    /// that shrank since it was measured yields fewer bytes, which the caller sees in the count.
    /// </summary>
    public async ValueTask<int> ReadIntoAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = await RandomAccess.ReadAsync(Handle!, destination[read..], Start + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    public void Dispose() => Handle?.Dispose();
}
