using System.Runtime.InteropServices;

namespace Zarr.Storage;

/// <summary>The one system call the file store needs that .NET does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary><c>errno</c> for "the new path already exists"; 17 on Linux, macOS and the BSDs alike.</summary>
    internal const int EEXIST = 17;

    /// <summary>
    /// POSIX <c>link(2)</c>: makes <paramref name="newPath"/> a second name of <paramref name="existingPath"/>,
    /// failing with <see cref="EEXIST"/> when <paramref name="newPath"/> exists. The check and the creation are
    /// one atomic step, which <c>File.Move(..., overwrite: false)</c> is not on Unix (it checks, then renames).
    /// </summary>
    /// <returns>0 on success, -1 on failure with the error in <see cref="Marshal.GetLastPInvokeError"/>.</returns>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Link(string existingPath, string newPath);
}
