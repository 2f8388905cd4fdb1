using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Zarr.Buffers.Internal;

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

    /// <summary>
    /// Reads the range into runs of <paramref name="runLength"/> bytes of pinned memory at <paramref name="addresses"/>, in
    /// turn, until all are full or the file ends: one <c>preadv(2)</c> per <see cref="NativeMethods.MaxVectors"/> runs.
    /// Only where <see cref="LocalStore.CanScatter"/>.
    /// </summary>
    /// <returns>The bytes read: fewer than the runs hold when the file shrank since it was measured.</returns>
    /// <exception cref="IOException">The system call failed; the message names <paramref name="key"/> and the error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled between two system calls.</exception>
    public unsafe long ReadScattered(ReadOnlySpan<nint> addresses, int runLength, string key, CancellationToken cancellationToken)
    {
        // The caller's using keeps the handle open until this synchronous call returns.
        int fd = (int)Handle!.DangerousGetHandle();
        var vectors = stackalloc NativeMethods.IOVector[Math.Min(addresses.Length, NativeMethods.MaxVectors)];
        long read = 0;
        int run = 0;
        int runRead = 0;
        while (run < addresses.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(NativeMethods.MaxVectors, addresses.Length - run);
            vectors[0] = new(addresses[run] + runRead, (nuint)(runLength - runRead));
            for (int i = 1; i < count; i++)
            {
                vectors[i] = new(addresses[run + i], (nuint)runLength);
            }

            nint n = NativeMethods.PReadV(fd, vectors, count, Start + read);
            if (n == 0)
            {
                return read;
            }

            if (n < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == NativeMethods.EINTR)
                {
                    continue;
                }

                throw new IOException($"Cannot read '{MessageText.Bounded(key)}': {Marshal.GetPInvokeErrorMessage(error)}", error);
            }

            read += n;
            long filled = runRead + (long)n;
            run += (int)(filled / runLength);
            runRead = (int)(filled % runLength);
        }

        return read;
    }

    public void Dispose() => Handle?.Dispose();
}
