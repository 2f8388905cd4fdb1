using System.IO.Compression;
using Zarr.Storage;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>
/// The raw hooks of the <see cref="ZipStore"/> harnesses, through System.IO.Compression's <see cref="ZipArchive"/> rather
/// than the store. A zip store reads its central directory when it opens and writes it when it closes, so a hook closes
/// the store first (a writer finishes its archive) and the store opens again, seeing the change, on its next call.
/// </summary>
internal static class RawZipArchive
{
    /// <summary>Makes an archive of no entries at <paramref name="path"/>.</summary>
    public static string CreateEmpty(string path)
    {
        using (ZipFile.Open(path, ZipArchiveMode.Create))
        {
        }

        return path;
    }

    public static async ValueTask SetAsync(ZipStore store, string key, ReadOnlyMemory<byte> value, CompressionLevel compression, CancellationToken cancellationToken)
    {
        store.Close();
        await using var file = new FileStream(store.Path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        bool isNew = file.Length == 0;
        await using var archive = new ZipArchive(file, isNew ? ZipArchiveMode.Create : ZipArchiveMode.Update);
        if (!isNew)
        {
            archive.GetEntry(key)?.Delete();
        }

        await using var entry = await archive.CreateEntry(key, compression).OpenAsync(cancellationToken);
        await entry.WriteAsync(value, cancellationToken);
    }

    public static async ValueTask<byte[]?> GetAsync(ZipStore store, string key, CancellationToken cancellationToken)
    {
        store.Close();
        if (!File.Exists(store.Path) || new FileInfo(store.Path).Length == 0)
        {
            return null;
        }

        await using var archive = await ZipFile.OpenReadAsync(store.Path, cancellationToken);
        if (archive.GetEntry(key) is not { } entry)
        {
            return null;
        }

        await using var stream = await entry.OpenAsync(cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}
