using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Zarr.Codecs;

namespace Zarr.Storage;

/// <summary>
/// Writes a file so that readers see the old bytes or the new ones, never a torn file: the bytes go to a temporary
/// file beside the target, which then takes the target's name in one rename (or, when the target must not exist
/// yet, one hard link on Unix and one move without overwrite on Windows).
/// </summary>
/// <remarks>
/// <para>
/// A temporary file is named <c>.~zarr-{tag}-{slot}.partial</c>: the tag is the CRC-32C of the target's name, the
/// slot the lowest number free in that folder. So the temporary files of one key have names a writer can compute,
/// and it finds a file that a killed writer left in one of them without listing the folder (which costs time in
/// proportion to the folder's size on every write).
/// </para>
/// <para>
/// A temporary file is abandoned, and may be removed, when no write has touched it for <see cref="AbandonedAfter"/>
/// and no live writer holds it open. A writer holds its file open from creation until it is published, with a
/// share mode that excludes others: an exclusive lock (<c>flock</c>) on Unix, a sharing mode on Windows, which the
/// operating system drops when the writer's process dies. The age covers the instant between a file's creation and
/// its lock. Where locks do not work (a network file system without <c>flock</c>, or .NET's file locking switched
/// off with <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>) the age alone decides, and a write that runs longer than
/// <see cref="AbandonedAfter"/> can lose its temporary file to a cleaner (and then publish the unfinished file of
/// a writer that took its slot over); keep locking on for stores that several writers share.
/// </para>
/// </remarks>
internal static class AtomicFileWriter
{
    /// <summary>How long a temporary file must have gone untouched before it can count as abandoned.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>The longest temporary file name: prefix, 8 hex digits, <c>-</c>, a slot of up to 10 digits, suffix.</summary>
    internal const int MaxTempNameLength = 7 + 8 + 1 + 10 + 8;

    private const string TempPrefix = ".~zarr-";
    private const string TempSuffix = ".partial";

    /// <summary>
    /// How often a write tries to create its temporary file when concurrent deletes keep removing the folder it
    /// writes into; each loss backs off a little longer, and a file in the way fails every attempt quickly.
    /// </summary>
    private const int FolderRaceAttempts = 50;

    /// <summary>Whether <paramref name="name"/> is a temporary file's name (of this version's form or an older one).</summary>
    /// <param name="name">A file name.</param>
    /// <returns><see langword="true"/> for a reserved temporary-file name.</returns>
    public static bool IsTempName(ReadOnlySpan<char> name) =>
        name.StartsWith(TempPrefix, StringComparison.Ordinal) && name.EndsWith(TempSuffix, StringComparison.Ordinal);

    /// <summary>The name of the temporary file in <paramref name="slot"/> for the target file <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The target's file name.</param>
    /// <param name="slot">The slot, from 0.</param>
    /// <returns>The temporary file's name, at most <see cref="MaxTempNameLength"/> characters.</returns>
    public static string TempName(ReadOnlySpan<char> fileName, int slot)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(LocalPaths.MaxNameLength)];
        uint tag = Crc32C.Compute(utf8[..Encoding.UTF8.GetBytes(fileName, utf8)]);
        return $"{TempPrefix}{tag:x8}-{slot}{TempSuffix}";
    }

    /// <summary>
    /// Writes <paramref name="value"/> as the file <paramref name="path"/>, creating its folder, and removes the
    /// abandoned temporary files of the same target that it meets on the way.
    /// </summary>
    /// <param name="path">The target file; its name is at most <see cref="LocalPaths.MaxNameLength"/> long.</param>
    /// <param name="value">The bytes to write.</param>
    /// <param name="exclusive">Whether to publish only when the target does not exist.</param>
    /// <param name="cancellationToken">Cancels the write before it is published.</param>
    /// <returns>Whether the bytes were published; false only when <paramref name="exclusive"/> and the target existed.</returns>
    /// <exception cref="IOException">The file cannot be written; the target keeps its old bytes (or stays absent).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the target keeps its old bytes (or stays absent).</exception>
    public static async ValueTask<bool> WriteAsync(string path, Buffer value, bool exclusive, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(path)!;
        string fileName = Path.GetFileName(path);
        (SafeFileHandle handle, int slot) = CreateTemp(folder, fileName, value.Length);
        string temp = Path.Join(folder, TempName(fileName, slot));
        bool published;
        // The handle stays open until the file is published: its lock is what tells cleaners the writer is alive.
        using (handle)
        {
            try
            {
                await RandomAccess.WriteAsync(handle, value.AsBufferLike(), 0, cancellationToken).ConfigureAwait(false);
                published = Publish(temp, path, exclusive);
            }
            catch
            {
                // A failed write leaves the old value (or none) and no temporary file.
                DeleteTemp(temp);
                throw;
            }
        }

        RemoveAbandonedAbove(folder, fileName, slot);
        return published;
    }

    /// <summary>Removes <paramref name="temp"/> if it is abandoned (see <see cref="AtomicFileWriter"/>).</summary>
    /// <param name="temp">The path of a temporary file.</param>
    /// <returns>Whether it is gone: removed now, or already missing.</returns>
    public static bool TryRemoveAbandoned(string temp)
    {
        try
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) < AbandonedAfter)
            {
                return false;
            }

            // Opening it alone succeeds only when no writer holds it; the file goes when this handle closes.
            using (File.OpenHandle(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose))
            {
                return true;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Held by a live writer, or not ours to remove.
            return false;
        }
    }

    /// <summary>
    /// Creates the temporary file in the lowest free slot for <paramref name="fileName"/>, taking over a slot whose
    /// file is abandoned, and creating the folder again when a concurrent delete prunes it.
    /// </summary>
    private static (SafeFileHandle Handle, int Slot) CreateTemp(string folder, string fileName, long length)
    {
        var backOff = default(SpinWait);
        int slot = 0;
        for (int attempt = 1; ; attempt++)
        {
            string temp = Path.Join(folder, TempName(fileName, slot));
            try
            {
                Directory.CreateDirectory(folder);
                // FileShare.Delete lets this writer rename its open file on Windows; on Unix .NET still locks it.
                return (File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Delete,
                    FileOptions.Asynchronous, preallocationSize: length), slot);
            }
            catch (IOException) when (File.Exists(temp))
            {
                // Taken: by a live writer (try the next slot) or by a killed one (take its slot over).
                slot += TryRemoveAbandoned(temp) ? 0 : 1;
            }
            catch (IOException e) when (e is not PathTooLongException && attempt < FolderRaceAttempts)
            {
                // A concurrent delete pruned the folder, or one of its parents, while it was being created or
                // before the file was: create it again. A file in the way fails every attempt and is reported.
                backOff.SpinOnce();
            }
        }
    }

    /// <summary>
    /// Removes the abandoned temporary files in the run of taken slots above <paramref name="slot"/>; those below
    /// it were live when this writer passed them. A file beyond a free slot waits for a later write or a delete.
    /// </summary>
    private static void RemoveAbandonedAbove(string folder, string fileName, int slot)
    {
        for (int above = slot + 1; File.Exists(Path.Join(folder, TempName(fileName, above))); above++)
        {
            TryRemoveAbandoned(Path.Join(folder, TempName(fileName, above)));
        }
    }

    /// <summary>Gives the written temporary file the target's name: replacing it, or only when it does not exist.</summary>
    /// <returns>Whether the value was stored; false when <paramref name="exclusive"/> and the target existed.</returns>
    private static bool Publish(string temp, string path, bool exclusive)
    {
        if (!exclusive)
        {
            File.Move(temp, path, overwrite: true);
            return true;
        }

        if (!OperatingSystem.IsWindows())
        {
            // On Unix only link(2) creates a name if and only if it is free, in one step.
            if (NativeMethods.Link(temp, path) == 0)
            {
                DeleteTemp(temp);
                return true;
            }

            if (Marshal.GetLastPInvokeError() == NativeMethods.EEXIST && !Directory.Exists(path))
            {
                DeleteTemp(temp);
                return false;
            }

            // Other failures (a file system without hard links, a folder in the way...) fall through to the
            // move, which reports real errors as .NET exceptions and, without hard links, is not race-free.
        }

        try
        {
            // On Windows, a move without overwrite is atomic.
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            DeleteTemp(temp);
            return false;
        }
    }

    private static void DeleteTemp(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (DirectoryNotFoundException)
        {
            // A concurrent delete removed the folder, and the temporary file with it.
        }
    }
}
