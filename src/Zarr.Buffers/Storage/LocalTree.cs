using System.Diagnostics.CodeAnalysis;
using System.IO.Enumeration;

namespace Zarr.Storage;

/// <summary>
/// The folder tree under a <see cref="LocalStore"/>'s root as the store sees it: listings follow symbolic links that
/// lead to another place inside the root and skip those that lead outside it, dangle or loop; deletes never follow a
/// link but remove the link itself. Temporary files of writes are never listed.
/// </summary>
internal sealed class LocalTree(LocalPaths paths)
{
    private static readonly EnumerationOptions s_flat = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    /// <summary>
    /// Skips links by the type the directory listing itself reports (<c>d_type</c> on Unix), so that the entries it
    /// returns cost no call per entry: asking an entry for its attributes would cost one <c>lstat</c> on Unix.
    /// </summary>
    private static readonly EnumerationOptions s_flatWithoutLinks = new() { AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };

    /// <summary>An entry as the file system has it, its link attribute read (one <c>lstat</c> on Unix).</summary>
    private static readonly FileSystemEnumerable<LocalEntry>.FindTransform s_asIs = static (ref FileSystemEntry entry) =>
        new LocalEntry(entry.FileName.ToString(), entry.ToFullPath(), entry.IsDirectory, entry.Attributes.HasFlag(FileAttributes.ReparsePoint));

    /// <summary>
    /// The files under the resolved folder <paramref name="folder"/>, at any depth, with their keys. A folder already
    /// being walked on the way down is not entered again through a link, so a link cycle is walked once; nor is a
    /// folder through a link from which no file can be reached, so that the many paths of links that lead nowhere
    /// (each folder linking twice to the next: 2^n paths) are not walked one by one.
    /// </summary>
    /// <param name="folder">A resolved folder inside the root.</param>
    /// <param name="keyPrefix">The key of <paramref name="folder"/> followed by <c>/</c>, or <c>""</c> for the root.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The files, keys formed from the names walked (a link's name, not its target's).</returns>
    public IEnumerable<(string Key, LocalEntry File)> Files(string folder, string keyPrefix, CancellationToken cancellationToken)
    {
        var pending = new Stack<(string KeyPrefix, Visit Visit)>();
        pending.Push((keyPrefix, new Visit(folder, null)));
        while (pending.TryPop(out (string KeyPrefix, Visit Visit) current))
        {
            foreach (LocalEntry child in Children(current.Visit.Folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string key = current.KeyPrefix + child.Name;
                if (!child.IsFolder)
                {
                    yield return (key, child);
                }
                else if (!current.Visit.IsOnTheWay(child.Path) && (!child.IsLink || ReachesFile(child.Path, current.Visit, cancellationToken)))
                {
                    pending.Push((key + "/", new Visit(child.Path, current.Visit)));
                }
            }
        }
    }

    /// <summary>Whether the resolved folder <paramref name="folder"/> holds a file at any depth.</summary>
    /// <param name="folder">A resolved folder inside the root.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns><see langword="true"/> when some file is under it.</returns>
    public bool HoldsFiles(string folder, CancellationToken cancellationToken) => ReachesFile(folder, null, cancellationToken);

    /// <summary>
    /// The files and folders directly in the resolved folder <paramref name="folder"/>: links followed to their
    /// targets inside the root; links that lead outside it, dangle or loop, and temporary files, left out.
    /// </summary>
    /// <param name="folder">A resolved folder inside the root.</param>
    /// <returns>The entries, each with its resolved path; none when the folder is missing.</returns>
    /// <remarks>
    /// Two passes over the folder: the first returns what is not a link, with no call per entry; the second
    /// returns the names the first did not, which are the links (or entries created in between, which resolve to
    /// themselves), and only those are resolved.
    /// </remarks>
    public IEnumerable<LocalEntry> Children(string folder)
    {
        var plain = new HashSet<string>(StringComparer.Ordinal);
        foreach (LocalEntry entry in Entries(folder, s_flatWithoutLinks, static (ref FileSystemEntry entry) => !AtomicFileWriter.IsTempName(entry.FileName),
            static (ref FileSystemEntry entry) => new LocalEntry(entry.FileName.ToString(), entry.ToFullPath(), entry.IsDirectory, IsLink: false)))
        {
            plain.Add(entry.Name);
            yield return entry;
        }

        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> seen = plain.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (string name in Entries(folder, s_flat,
            (ref FileSystemEntry entry) => !seen.Contains(entry.FileName) && !AtomicFileWriter.IsTempName(entry.FileName),
            static (ref FileSystemEntry entry) => entry.FileName.ToString()))
        {
            if (Follow(folder, name) is { } target)
            {
                yield return target;
            }
        }
    }

    /// <summary>
    /// Deletes what is under <paramref name="folder"/> without following links: files, links (the links themselves)
    /// and abandoned temporary files, then the folders left empty. When <paramref name="folder"/> is itself a link,
    /// only the link goes.
    /// </summary>
    /// <param name="folder">A folder whose parent is resolved and inside the root; its own name is not followed.</param>
    /// <param name="cancellationToken">Stops the delete between two files.</param>
    /// <exception cref="IOException">A file cannot be deleted.</exception>
    /// <exception cref="UnauthorizedAccessException">A file cannot be deleted.</exception>
    public static void DeleteTree(string folder, CancellationToken cancellationToken)
    {
        FileAttributes attributes = new FileInfo(folder).Attributes;
        if ((int)attributes == -1 || !attributes.HasFlag(FileAttributes.Directory))
        {
            // Missing, or a file: a file of the prefix's name is a key beside the directory, not in it.
            return;
        }

        if (attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            DeleteOne(folder, isFolder: true);
            return;
        }

        var folders = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.TryPop(out string? current))
        {
            folders.Add(current);
            foreach (LocalEntry entry in Entries(current, s_flat, static (ref FileSystemEntry _) => true, s_asIs).ToArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                DeleteEntry(entry, pending);
            }
        }

        // Each folder comes after its parent, so backwards a folder is empty by the time its turn comes; the
        // folder itself is left to the caller, which keeps the root.
        for (int i = folders.Count - 1; i > 0; i--)
        {
            TryDeleteEmptyFolder(folders[i]);
        }
    }

    /// <summary>Deletes <paramref name="folder"/> if it is an empty folder (never a link).</summary>
    /// <param name="folder">A resolved folder.</param>
    /// <returns>Whether it is gone.</returns>
    public static bool TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            // Not empty (a key, or a write in flight), or not a folder.
            return false;
        }
    }

    /// <summary>Deletes a file, a link or an empty folder; a concurrent delete that got there first is no error.</summary>
    /// <param name="path">What to delete.</param>
    /// <param name="isFolder">Whether it is a folder, or a link to one (which Windows deletes as a folder).</param>
    /// <exception cref="IOException">It cannot be deleted.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be deleted.</exception>
    public static void DeleteOne(string path, bool isFolder)
    {
        try
        {
            if (isFolder)
            {
                Directory.Delete(path);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Its folder went away meanwhile: it is gone either way.
        }
    }

    /// <summary>
    /// Whether a file lies under the resolved folder <paramref name="folder"/> by a path that avoids the folders on
    /// <paramref name="way"/>. Each folder is entered once, so it costs one pass over the folders, however many paths
    /// of links lead to them.
    /// </summary>
    private bool ReachesFile(string folder, Visit? way, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(LocalPaths.PathComparer) { folder };
        for (Visit? visit = way; visit is not null; visit = visit.Parent)
        {
            seen.Add(visit.Folder);
        }

        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.TryPop(out string? current))
        {
            foreach (LocalEntry child in Children(current))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!child.IsFolder)
                {
                    return true;
                }

                if (seen.Add(child.Path))
                {
                    pending.Push(child.Path);
                }
            }
        }

        return false;
    }

    /// <summary>The target of the link <paramref name="name"/> in <paramref name="folder"/>, when it exists inside the root.</summary>
    private LocalEntry? Follow(string folder, string name)
    {
        if (paths.ResolveInside(folder, name) is not { } target)
        {
            return null;
        }

        var info = new FileInfo(target);
        FileAttributes attributes = info.Attributes;
        if ((int)attributes == -1)
        {
            return null;
        }

        return new LocalEntry(name, target, attributes.HasFlag(FileAttributes.Directory), IsLink: true);
    }

    private static void DeleteEntry(LocalEntry entry, Stack<string> pending)
    {
        if (entry.IsLink)
        {
            DeleteOne(entry.Path, entry.IsFolder);
        }
        else if (entry.IsFolder)
        {
            pending.Push(entry.Path);
        }
        else if (AtomicFileWriter.IsTempName(entry.Name))
        {
            AtomicFileWriter.TryRemoveAbandoned(entry.Path);
        }
        else
        {
            DeleteOne(entry.Path, isFolder: false);
        }
    }

    /// <summary>
    /// The entries directly in <paramref name="folder"/> that <paramref name="include"/> accepts, links not
    /// followed; none when it is missing or a concurrent delete removes it before the enumeration starts.
    /// </summary>
    [SuppressMessage("Performance", "CA1859", Justification = "A missing folder yields an empty array, not an enumerable.")]
    private static IEnumerable<T> Entries<T>(string folder, EnumerationOptions options,
        FileSystemEnumerable<T>.FindPredicate include, FileSystemEnumerable<T>.FindTransform transform)
    {
        if (Directory.Exists(folder))
        {
            try
            {
                return new FileSystemEnumerable<T>(folder, transform, options) { ShouldIncludePredicate = include };
            }
            catch (DirectoryNotFoundException)
            {
                // Deleted since the check.
            }
        }

        return [];
    }

    /// <summary>A folder being walked, and the one it was reached from.</summary>
    private sealed record Visit(string Folder, Visit? Parent)
    {
        /// <summary>Whether <paramref name="folder"/> is this folder or one the walk passed to reach it.</summary>
        public bool IsOnTheWay(string folder)
        {
            for (Visit? visit = this; visit is not null; visit = visit.Parent)
            {
                if (LocalPaths.PathComparer.Equals(visit.Folder, folder))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
