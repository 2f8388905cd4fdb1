using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Zarr.Storage;

/// <summary>The system calls the file store needs that .NET does not expose (or exposes only with an allocation per call).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>errno</c> for "interrupted by a signal before any byte moved"; 4 on Linux, macOS and the BSDs alike.</summary>
    internal const int EINTR = 4;

    /// <summary><c>errno</c> for "the new path already exists"; 17 on Linux, macOS and the BSDs alike.</summary>
    internal const int EEXIST = 17;

    /// <summary><c>IOV_MAX</c>, the most runs one <see cref="PReadV"/> fills; 1024 on Linux, macOS and the BSDs alike.</summary>
    internal const int MaxVectors = 1024;

    /// <summary>
    /// POSIX <c>link(2)</c>: makes <paramref name="newPath"/> a second name of <paramref name="existingPath"/>,
    /// failing with <see cref="EEXIST"/> when <paramref name="newPath"/> exists. The check and the creation are
    /// one atomic step, which <c>File.Move(..., overwrite: false)</c> is not on Unix (it checks, then renames).
    /// </summary>
    /// <returns>0 on success, -1 on failure with the error in <see cref="Marshal.GetLastPInvokeError"/>.</returns>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Link(string existingPath, string newPath);

    /// <summary>
    /// POSIX <c>preadv(2)</c>: reads the file from <paramref name="offset"/> into <paramref name="count"/> runs of memory
    /// in turn, without moving the file's position. <see cref="RandomAccess.Read(SafeFileHandle, IReadOnlyList{Memory{byte}}, long)"/>
    /// does the same but pins each run with a handle of its own and allocates two arrays per call.
    /// </summary>
    /// <returns>
    /// The bytes read, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>. Fewer than the runs hold when the
    /// file ends first, a signal interrupts the call or the system caps its length (Linux moves at most about 2 GiB a call).
    /// </returns>
    [LibraryImport("libc", EntryPoint = "preadv", SetLastError = true)]
    internal static partial nint PReadV(int fd, IOVector* vectors, int count, long offset);

    /// <summary>POSIX <c>struct iovec</c>: one run of memory, its first byte and its length.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct IOVector(nint start, nuint length)
    {
        public readonly nint Start = start;
        public readonly nuint Length = length;
    }
}
