using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Storage.Azure.Internal;

namespace Zarr.Storage.Azure;

/// <summary>
/// A store over the blobs of an Azure Blob Storage container (zarr-python's <c>ObjectStore</c> over obstore's
/// <c>AzureStore</c>, or <c>FsspecStore</c> over adlfs): the value of key <c>a/b</c> is the block blob
/// <c>{prefix}a/b</c>.
/// </summary>
/// <remarks>
/// <para>
/// The <see cref="BlobContainerClient"/> comes from the caller, who chooses its credential (for example
/// <c>DefaultAzureCredential</c> from Azure.Identity), retries and transport; the store makes one request per operation
/// through it and passes the caller's <see cref="CancellationToken"/> to every call. The store neither creates nor deletes
/// the container.
/// </para>
/// <para>
/// Reads: a <see cref="RangeByteRequest"/> or <see cref="OffsetByteRequest"/> is one ranged download
/// (<c>x-ms-range</c>). The service has no suffix range, so a <see cref="SuffixByteRequest"/> reads the blob's length
/// first (a properties request) and then downloads the last bytes on condition that the blob is unchanged
/// (<c>If-Match</c> on its ETag), starting over if it changed in between: two requests, never a torn read. A range that
/// selects no bytes is one properties request (the service cannot send zero bytes). Ranges past the end give an empty
/// buffer, as in every store (the service's 416 for a range that starts past the end means exactly that).
/// <see cref="Store.GetRangesAsync"/> and <see cref="GetPartialValuesAsync"/> send their requests concurrently, at most ten
/// at a time.
/// </para>
/// <para>
/// Writes upload whole blobs. <see cref="SetIfNotExistsAsync"/> is one conditional upload (<c>If-None-Match: *</c>), so it is
/// atomic: among concurrent calls exactly one writes. <see cref="DeleteAsync"/> deletes the blob with its snapshots.
/// <see cref="DeleteDirAsync"/> lists the blobs under the directory and deletes them through the service's batch API, up to
/// 256 in one request, at most four requests in flight; each delete is signed by the client's own credential and the batch
/// goes through the client's pipeline (its retries, transport and policies), as every other request does. A blob gone
/// meanwhile is no error; any other refused delete is a <see cref="RequestFailedException"/> naming its key.
/// </para>
/// <para>
/// Listing: <see cref="ListPrefixAsync"/> is a plain string prefix, as the service lists it; <see cref="ListDirAsync"/>
/// lists by the delimiter <c>/</c>. <see cref="GetSizePrefixAsync"/> sums the sizes the listing reports, without a request per
/// blob. A blob whose name ends with <c>/</c> (a folder marker other tools write) or starts with <c>/</c> is no key (the
/// SDK's clients address it without that slash, as another blob), and neither is the empty blob
/// with the metadata <c>hdi_isfolder=true</c> by which a Data Lake (hierarchical namespace) account lists a directory:
/// listings, sizes and <see cref="IsEmptyAsync"/> skip them, and <see cref="DeleteDirAsync"/> leaves them. Flat listings
/// ask for the blobs' metadata in the same request, so this costs no request.
/// </para>
/// <para>
/// Errors: a 404 <c>BlobNotFound</c> is a missing key (null from a get, false from exists); every other refusal, a missing
/// container included, is a <see cref="RequestFailedException"/> whose message names the operation, the key and the store,
/// with the service's status and error code and the SDK's exception inside.
/// </para>
/// <para>
/// Keys and the prefix must be <c>/</c>-separated names, none empty or ending with a dot, without backslashes (a blob
/// URL collapses <c>.</c> and <c>..</c> into another name and turns <c>\</c> into <c>/</c>, and the service's naming rules
/// forbid a trailing dot), and together no longer than the service's 1024 characters. Other characters are escaped in the blob URL and kept as they are.
/// </para>
/// </remarks>
public sealed class AzureBlobStore : Store, IEquatable<AzureBlobStore>
{
    /// <summary>How many batch requests <see cref="DeleteDirAsync"/> has in flight at once (each deletes up to 256 blobs).</summary>
    private const int MaxBatchesInFlight = 4;

    /// <summary>The metadata by which a Data Lake (hierarchical namespace) account marks the blob of a directory.</summary>
    private const string DataLakeFolderMetadata = "hdi_isfolder";

    /// <summary>How often a suffix read starts over when the blob changes between its two requests.</summary>
    private const int MaxSuffixAttempts = 3;

    /// <summary>Makes a store over the blobs of <paramref name="container"/> under <paramref name="prefix"/>, not yet open.</summary>
    /// <param name="container">The container; owned by the caller, with its credential and options.</param>
    /// <param name="prefix">The folder inside the container that is the store's root; <c>""</c> for the whole container. A leading or trailing <c>/</c> is dropped.</param>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="container"/> or <paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> has a backslash or a segment that is empty or ends with a dot, or leaves no room for keys within a blob name.</exception>
    public AzureBlobStore(BlobContainerClient container, string prefix = "", bool readOnly = false)
        : base(readOnly)
    {
        ArgumentNullException.ThrowIfNull(container);
        Container = container;
        Prefix = BlobNames.NormalisePrefix(prefix);
    }

    /// <summary>The container the blobs are in.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>The store's root inside the container: <c>""</c>, or a path ending with <c>/</c> that every blob name starts with.</summary>
    public string Prefix { get; }

    /// <inheritdoc />
    public override bool SupportsWrites => true;

    /// <inheritdoc />
    public override bool SupportsDeletes => true;

    /// <inheritdoc />
    public override bool SupportsListing => true;

    /// <inheritdoc />
    /// <returns>A new, not yet open store over the same container and prefix.</returns>
    public override AzureBlobStore WithReadOnly(bool readOnly = false) => new(Container, Prefix, readOnly);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="InvalidDataException">The value or range is longer than a buffer can hold, or the service sent fewer bytes than it announced.</exception>
    /// <exception cref="RequestFailedException">The service refused the read for another reason than a missing blob (a missing container, no permission), or the blob changed between the two requests of each of three suffix reads (412); the message names the key and the store.</exception>
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(prototype);
        cancellationToken.ThrowIfCancellationRequested();
        Memory<byte> bytes = default;
        int? length = await ReadAsync(key, byteRange, count => bytes = new byte[count], cancellationToken).ConfigureAwait(false);
        return length is null ? null : prototype.Buffer.FromArrayLike(bytes);
    }

    /// <inheritdoc />
    /// <remarks>Reads the response body straight into <paramref name="destination"/>, after checking its announced length.</remarks>
    /// <exception cref="ArgumentException">The key is invalid, or the value (or its range) is longer than <paramref name="destination"/>; nothing is written then.</exception>
    /// <exception cref="InvalidDataException">The service sent fewer bytes than it announced.</exception>
    /// <exception cref="RequestFailedException">The service refused the read for another reason than a missing blob; the message names the key and the store.</exception>
    public override async ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        return await ReadAsync(key, byteRange, count => Fit(key, byteRange, count, destination), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The reads run concurrently, at most ten at a time; the results keep the input order.</remarks>
    /// <exception cref="ArgumentException">A key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="InvalidDataException">A value or range is longer than a buffer can hold, or the service sent fewer bytes than it announced.</exception>
    /// <exception cref="RequestFailedException">The service refused a read for another reason than a missing blob; the message names the key and the store.</exception>
    public override Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default) =>
        GetPartialValuesConcurrentlyAsync(prototype, keyRanges, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The merged reads are ranged downloads, at most ten in flight at a time.</remarks>
    /// <exception cref="ArgumentException"><paramref name="key"/> has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="InvalidDataException">A range is longer than a buffer can hold, or the service sent fewer bytes than it announced.</exception>
    /// <exception cref="RequestFailedException">The service refused a read for another reason than a missing blob; the message names the key and the store.</exception>
    public override Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype,
        long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes, CancellationToken cancellationToken = default) =>
        GetRangesViaGetAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One properties request.</remarks>
    /// <exception cref="ArgumentException">The key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="RequestFailedException">The service refused the request for another reason than a missing blob; the message names the key and the store.</exception>
    public override async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        return await PropertiesAsync(key, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    /// <remarks>One properties request.</remarks>
    /// <exception cref="ArgumentException">The key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="RequestFailedException">The service refused the request for another reason than a missing blob; the message names the key and the store.</exception>
    public override async ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        BlobProperties properties = await PropertiesAsync(key, cancellationToken).ConfigureAwait(false) ?? throw KeyNotFound(key);
        return properties.ContentLength;
    }

    /// <inheritdoc />
    /// <remarks>One upload of the whole value, replacing any blob of that name.</remarks>
    /// <exception cref="ArgumentException">The key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="RequestFailedException">The service refused the upload; the message names the key and the store.</exception>
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        await UploadAsync(key, value, conditions: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One conditional upload (<c>If-None-Match: *</c>): atomic, so among concurrent calls for one key exactly one
    /// writes. The service's 409 <c>BlobAlreadyExists</c> or 412 means the key existed.
    /// </remarks>
    /// <exception cref="ArgumentException">The key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="RequestFailedException">The service refused the upload for another reason than an existing blob; the message names the key and the store.</exception>
    public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        try
        {
            await UploadAsync(key, value, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (BlobFailures.IsAlreadyThere(e))
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>Deletes the blob and its snapshots; a missing blob is not an error.</remarks>
    /// <exception cref="ArgumentException">The key has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    /// <exception cref="RequestFailedException">The service refused the delete for another reason than a missing blob; the message names the key and the store.</exception>
    public override async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        await DeleteBlobAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists the blobs under the directory and deletes them with their snapshots through the service's batch API: each
    /// listed page (up to 5000 names) becomes batch requests of at most 256 deletes, at most four batches in flight at a
    /// time, while the listing goes on (the service lists in name order, so deleting does not disturb the pages to come).
    /// A blob that is gone by the time its delete runs is no error; keys written meanwhile may survive, as in every store.
    /// </remarks>
    /// <exception cref="RequestFailedException">
    /// The service refused the listing or a batch as a whole (the message names the directory and the store), or refused
    /// the delete of a blob for another reason than its being gone, a lease say (the message names that key and the store,
    /// with the service's status and error code for it); the other deletes of that batch have run.
    /// </exception>
    /// <exception cref="InvalidDataException">The answer to a batch does not hold one well-formed part for each of its deletes; the message names the directory and the store.</exception>
    public override async Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfCannotDelete(prefix);
        string directory = BlobNames.AsDirectory(prefix);
        var deleter = new BatchDeleter(Container);
        var inFlight = new ParallelOptions { MaxDegreeOfParallelism = MaxBatchesInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ListBatchesAsync(directory, cancellationToken), inFlight,
            async (blobNames, token) => await DeleteBatchAsync(deleter, blobNames, directory, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">The service refused the listing; the message names the store.</exception>
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) => ListKeysAsync("", cancellationToken);

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">The service refused the listing; the message names the prefix and the store.</exception>
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListKeysAsync(prefix, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One listing by the delimiter <c>/</c>: the blobs directly under the directory and its sub-directories.</remarks>
    /// <exception cref="RequestFailedException">The service refused the listing; the message names the prefix and the store.</exception>
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListChildrenAsync(BlobNames.AsDirectory(prefix.TrimEnd('/')), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Sums the sizes that one listing reports, without a request per blob.</remarks>
    /// <exception cref="RequestFailedException">The service refused the listing; the message names the prefix and the store.</exception>
    public override async Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        long total = 0;
        await foreach (BlobItem blob in ListBlobsAsync(BlobNames.AsDirectory(prefix), cancellationToken).Where(IsKey).ConfigureAwait(false))
        {
            total += blob.Properties.ContentLength ?? 0;
        }

        return total;
    }

    /// <inheritdoc />
    /// <remarks>Asks the service for one name at a time, so that a full directory costs one small listing.</remarks>
    /// <exception cref="RequestFailedException">The service refused the listing; the message names the prefix and the store.</exception>
    public override async Task<bool> IsEmptyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        string directory = BlobNames.AsDirectory(prefix);
        var pages = Container.GetBlobsAsync(Options(directory), cancellationToken).AsPages(pageSizeHint: 1);
        await foreach (Page<BlobItem> page in Guard(pages, directory, cancellationToken).ConfigureAwait(false))
        {
            // The service may answer a page with no names and a continuation: only a key says the directory is not empty.
            if (page.Values.Any(IsKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="other"/> is a store over the same container (same URL) and prefix, with the same read-only state.</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both address the same blobs the same way.</returns>
    public bool Equals(AzureBlobStore? other) =>
        other is not null && other.ReadOnly == ReadOnly && other.Prefix == Prefix && other.ContainerUrl == ContainerUrl;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AzureBlobStore);

    /// <summary>A hash of the container URL and the prefix.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(ContainerUrl, Prefix);

    /// <summary>The store's root URL: the container's URL without its query (so without a SAS token), then the prefix.</summary>
    /// <returns>For example <c>https://account.blob.core.windows.net/container/data/a.zarr/</c>.</returns>
    public override string ToString() => ContainerUrl + "/" + Prefix;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is invalid, has a backslash or a segment that is empty or ends with a dot, or makes a blob name longer than 1024 characters.</exception>
    protected override void ValidateKey(string key)
    {
        base.ValidateKey(key);
        BlobNames.ValidateKey(Prefix, key);
    }

    private string ContainerUrl => Container.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The start of <paramref name="destination"/> that <paramref name="count"/> bytes fill, or the refusal when they do not fit.</summary>
    private static Memory<byte> Fit(string key, ByteRequest? byteRange, long count, Memory<byte> destination)
    {
        EnsureFits(key, byteRange, count, destination);
        return destination[..(int)count];
    }

    private BlobClient BlobOf(string key) => Container.GetBlobClient(Prefix + key);

    /// <summary>
    /// Reads the bytes <paramref name="byteRange"/> selects into the memory <paramref name="destinationFor"/> gives for
    /// their count (called once, before any byte is read); null when the blob is missing.
    /// </summary>
    private async Task<int?> ReadAsync(string key, ByteRequest? byteRange, Func<long, Memory<byte>> destinationFor, CancellationToken cancellationToken)
    {
        MarkOpen();
        switch (byteRange)
        {
            case RangeByteRequest { Start: var start, End: var end } when start == end:
            case SuffixByteRequest { Suffix: 0 }:
                // The service cannot send zero bytes: the answer is empty whenever the blob exists.
                return await PropertiesAsync(key, cancellationToken).ConfigureAwait(false) is null ? null : Nothing(destinationFor);
            case SuffixByteRequest suffix:
                return await ReadSuffixAsync(key, suffix, destinationFor, cancellationToken).ConfigureAwait(false);
            default:
                return await DownloadAsync(key, RangeOf(byteRange), conditions: null, destinationFor, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int Nothing(Func<long, Memory<byte>> destinationFor)
    {
        destinationFor(0);
        return 0;
    }

    private static HttpRange RangeOf(ByteRequest? byteRange) => byteRange switch
    {
        RangeByteRequest range => new HttpRange(range.Start, range.End - range.Start),
        OffsetByteRequest offset => new HttpRange(offset.Offset),
        _ => default,
    };

    /// <summary>The last bytes of the blob: its length first, then a download of the resolved range on condition that it is unchanged.</summary>
    private async Task<int?> ReadSuffixAsync(string key, SuffixByteRequest suffix, Func<long, Memory<byte>> destinationFor, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await PropertiesAsync(key, cancellationToken).ConfigureAwait(false) is not { } properties)
            {
                return null;
            }

            (long start, long length) = suffix.Resolve(properties.ContentLength);
            if (length == 0)
            {
                return Nothing(destinationFor);
            }

            try
            {
                var unchanged = new BlobRequestConditions { IfMatch = properties.ETag };
                return await DownloadAsync(key, new HttpRange(start, length), unchanged, destinationFor, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxSuffixAttempts)
            {
                // The blob changed between its length and the download: read the new one's length.
            }
        }
    }

    /// <summary>One download of <paramref name="range"/>, read into the memory <paramref name="destinationFor"/> gives; null when the blob is missing.</summary>
    private async Task<int?> DownloadAsync(string key, HttpRange range, BlobRequestConditions? conditions, Func<long, Memory<byte>> destinationFor,
        CancellationToken cancellationToken)
    {
        BlobDownloadStreamingResult result;
        try
        {
            var options = new BlobDownloadOptions { Range = range, Conditions = conditions };
            result = (await BlobOf(key).DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (BlobFailures.IsMissingBlob(e))
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            // The range starts at or past the end of a blob that exists.
            return Nothing(destinationFor);
        }
        catch (RequestFailedException e)
        {
            throw BlobFailures.Describe(e, "read", key, this);
        }

        using (result)
        {
            long length = result.Details.ContentLength;
            if (length > Array.MaxLength)
            {
                throw new InvalidDataException($"'{MessageText.Bounded(key)}' in {this}: {length} bytes do not fit in one buffer (at most {Array.MaxLength}).");
            }

            Memory<byte> destination = destinationFor(length);
            try
            {
                await result.Content.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"'{MessageText.Bounded(key)}' in {this}: the service announced {length} bytes but sent fewer.", e);
            }

            return (int)length;
        }
    }

    /// <summary>The blob's properties, or null when it is missing.</summary>
    private async Task<BlobProperties?> PropertiesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await BlobOf(key).GetPropertiesAsync(conditions: null, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (BlobFailures.IsMissingBlob(e))
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw BlobFailures.Describe(e, "read the properties of", key, this);
        }
    }

    private async Task UploadAsync(string key, Buffer value, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        MarkOpen();
        try
        {
            await BlobOf(key).UploadAsync(new BinaryData(value.AsBufferLike()), new BlobUploadOptions { Conditions = conditions }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (conditions is null || !BlobFailures.IsAlreadyThere(e))
        {
            throw BlobFailures.Describe(e, "write", key, this);
        }
    }

    private async Task DeleteBlobAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await BlobOf(key).DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (BlobFailures.IsMissingBlob(e))
        {
            // Deleting a missing key is not an error.
        }
        catch (RequestFailedException e)
        {
            throw BlobFailures.Describe(e, "delete", key, this);
        }
    }

    /// <summary>The blobs of the keys under <paramref name="directory"/>, in batches of at most 256 names from one listed page each.</summary>
    private async IAsyncEnumerable<string[]> ListBatchesAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = Container.GetBlobsAsync(Options(directory), cancellationToken).AsPages();
        await foreach (Page<BlobItem> page in Guard(pages, directory, cancellationToken).ConfigureAwait(false))
        {
            foreach (string[] batch in page.Values.Where(IsKey).Select(blob => blob.Name).Chunk(BatchDeleter.MaxSubRequests))
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// Deletes the blobs in one batch request; a delete the service refuses for another reason than a missing blob is
    /// the exception, naming its key (and how many others of the batch were refused too).
    /// </summary>
    private async Task DeleteBatchAsync(BatchDeleter deleter, string[] blobNames, string directory, CancellationToken cancellationToken)
    {
        BatchSubResponse[] answers;
        try
        {
            answers = await deleter.DeleteAsync(blobNames, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw BlobFailures.Describe(e, "delete the blobs under", directory, this);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message} (deleting the blobs under '{MessageText.Bounded(directory)}' in {this})", e);
        }

        var refused = blobNames.Zip(answers)
            .Where(delete => !delete.Second.Succeeded && !BlobFailures.IsMissingBlob(delete.Second.Status, delete.Second.ErrorCode))
            .ToList();
        if (refused is [var (blobName, answer), ..])
        {
            string note = (refused.Count - 1) switch
            {
                0 => "",
                1 => " The service refused one other delete of the same batch too.",
                var others => $" The service refused {others} other deletes of the same batch too.",
            };
            throw BlobFailures.Refused(answer.Status, answer.ErrorCode, "delete", blobName[Prefix.Length..], this, note: note);
        }
    }

    /// <summary>The keys that start with <paramref name="prefix"/> (a plain string prefix, relative to the store's root).</summary>
    private async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (BlobItem blob in ListBlobsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (IsKey(blob))
            {
                yield return blob.Name[Prefix.Length..];
            }
        }
    }

    /// <summary>
    /// Whether the blob holds a key: not a folder marker (<c>dir/</c>) of another tool, nor a name that starts with
    /// <c>/</c>, which are no keys, and which the SDK's clients, trimming slashes from blob names, would address as the
    /// blobs <c>dir</c> and <c>x</c>, other keys (a delete-dir would delete another blob and leave them); and not the
    /// blob of a directory in a Data Lake account (a hierarchical namespace lists each directory as an empty blob with the
    /// metadata <c>hdi_isfolder=true</c>).
    /// </summary>
    private static bool IsKey(BlobItem blob) =>
        !blob.Name.StartsWith('/') && !blob.Name.EndsWith('/')
        && !(blob.Metadata is { } metadata && metadata.TryGetValue(DataLakeFolderMetadata, out string? folder) && string.Equals(folder, "true", StringComparison.OrdinalIgnoreCase));

    private IAsyncEnumerable<BlobItem> ListBlobsAsync(string prefix, CancellationToken cancellationToken) =>
        Guard(Container.GetBlobsAsync(Options(prefix), cancellationToken), prefix, cancellationToken);

    /// <summary>A listing of the blobs under <paramref name="prefix"/> with their metadata, which the same request carries, so that <see cref="IsKey"/> sees Data Lake directories.</summary>
    private GetBlobsOptions Options(string prefix) => new() { Prefix = NullIfEmpty(Prefix + prefix), Traits = BlobTraits.Metadata };

    /// <summary>The names directly under <paramref name="directory"/> (<c>""</c> or ending with <c>/</c>): blobs and sub-directories, each once.</summary>
    private async IAsyncEnumerable<string> ListChildrenAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = NullIfEmpty(Prefix + directory) };
        int skip = Prefix.Length + directory.Length;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (BlobHierarchyItem item in Guard(Container.GetBlobsByHierarchyAsync(options, cancellationToken), directory, cancellationToken)
            .ConfigureAwait(false))
        {
            // A blob named like the directory itself ("dir/", written by other tools as a folder marker) is no child.
            string child = (item.IsPrefix ? item.Prefix : item.Blob.Name)[skip..].TrimEnd('/');
            if (child.Length > 0 && seen.Add(child))
            {
                yield return child;
            }
        }
    }

    private static string? NullIfEmpty(string prefix) => prefix.Length == 0 ? null : prefix;

    /// <summary>The items of a listing, with a refusal of any page described by <see cref="BlobFailures.Describe"/>.</summary>
    private async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> listing, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : notnull
    {
        cancellationToken.ThrowIfCancellationRequested();
        IAsyncEnumerator<T> items = listing.GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (RequestFailedException e)
                {
                    throw BlobFailures.Describe(e, "list", prefix, this);
                }

                if (!more)
                {
                    yield break;
                }

                yield return items.Current;
            }
        }
    }
}
