using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.S3;

/// <summary>
/// A store over Amazon S3 or an S3-compatible object store (zarr-python's <c>ObjectStore</c> over obstore's
/// <c>S3Store</c>, and <c>FsspecStore</c> over <c>s3://</c>): the value of key <c>a/b</c> is the object
/// <c>{prefix}a/b</c> of one bucket.
/// </summary>
/// <remarks>
/// <para>
/// The <see cref="IAmazonS3"/> client comes from the caller, who owns it and disposes it: its region, endpoint,
/// credentials (the SDK's default chain: environment, profile, instance role), retries and timeouts are the caller's
/// choice, never the store's. The store passes its caller's <see cref="CancellationToken"/> to every SDK call.
/// </para>
/// <para>
/// Reads: a byte range is an S3 ranged GET (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>) and the answer follows
/// <see cref="ByteRequest.Resolve"/>, as in every store: a range past the end (S3's <c>416 InvalidRange</c>) is an empty
/// buffer. A <c>206</c> whose <c>Content-Range</c> does not answer the request fails with <see cref="InvalidDataException"/>;
/// a <c>200</c> (a server that ignored the range) is sliced. <c>404</c> is a missing key (<see langword="null"/>), unless
/// the bucket itself is missing; every other failure is an <see cref="IOException"/> naming the operation, the key and the
/// bucket, with the SDK's exception inside. <see cref="GetIntoAsync"/> reads the body straight into the caller's memory;
/// <see cref="Store.GetRangesAsync"/> sends its coalesced ranged GETs, and <see cref="GetPartialValuesAsync"/> its GETs,
/// concurrently, ten at a time.
/// </para>
/// <para>
/// Writes: <see cref="SetAsync"/> is one <c>PUT</c>; <see cref="SetIfNotExistsAsync"/> is a <c>PUT</c> with
/// <c>If-None-Match: *</c>, atomic on S3 (see <see cref="S3StoreOptions.ConditionalWrites"/> for servers without it);
/// <see cref="DeleteDirAsync"/> lists the directory and deletes each page of up to 1000 keys with one
/// <c>DeleteObjects</c>. Listing is <c>ListObjectsV2</c>, paginated: by plain prefix for
/// <see cref="ListPrefixAsync"/>, with the delimiter <c>/</c> for <see cref="ListDirAsync"/>. An object whose key ends
/// with <c>/</c> (a folder marker other tools write) is no key: listings, sizes and <see cref="Store.IsEmptyAsync"/> skip
/// it; <see cref="DeleteDirAsync"/> deletes the markers inside the directory with its keys.
/// </para>
/// </remarks>
public sealed partial class S3Store : Store, IEquatable<S3Store>
{
    /// <summary>How many times a suffix read without <see cref="S3StoreOptions.SuffixRanges"/> starts over when the value changes under it.</summary>
    private const int MaxSuffixAttempts = 3;

    private readonly IAmazonS3 _client;

    /// <summary>Makes a store over the objects of <paramref name="bucket"/> under <paramref name="prefix"/>, not yet open.</summary>
    /// <param name="client">Sends the requests; owned by the caller, who disposes it.</param>
    /// <param name="bucket">The bucket, named by S3's rules for general purpose buckets (3 to 63 lowercase letters, digits, <c>.</c> and <c>-</c>).</param>
    /// <param name="prefix">
    /// The store root inside the bucket: <c>""</c> for the whole bucket, else <c>/</c>-separated names (<c>data/array.zarr</c>;
    /// a final <c>/</c> is optional). The store never reads, lists or deletes an object outside it.
    /// </param>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    /// <param name="options">What the server supports beyond the basic S3 API; null for Amazon S3's behaviour.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/>, <paramref name="bucket"/> or <paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="bucket"/> breaks S3's naming rules, or <paramref name="prefix"/> starts with <c>/</c>, has an empty,
    /// <c>.</c> or <c>..</c> segment, or leaves no room for a key within S3's 1024-byte limit.
    /// </exception>
    public S3Store(IAmazonS3 client, string bucket, string prefix = "", bool readOnly = false, S3StoreOptions? options = null)
        : base(readOnly)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Bucket = S3Names.Bucket(bucket);
        Prefix = S3Names.Prefix(prefix);
        Options = options ?? new S3StoreOptions();
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The store root inside the bucket: <c>""</c>, or names ending with <c>/</c> (<c>data/array.zarr/</c>).</summary>
    public string Prefix { get; }

    /// <summary>What the server supports beyond the basic S3 API.</summary>
    public S3StoreOptions Options { get; }

    /// <inheritdoc />
    public override bool SupportsWrites => true;

    /// <inheritdoc />
    public override bool SupportsDeletes => true;

    /// <inheritdoc />
    public override bool SupportsListing => true;

    /// <inheritdoc />
    /// <returns>A new, not yet open store over the same client, bucket, prefix and options.</returns>
    public override S3Store WithReadOnly(bool readOnly = false) => new(_client, Bucket, Prefix, readOnly, Options);

    /// <summary>The S3 object key of store key <paramref name="key"/>: the prefix followed by the key.</summary>
    /// <param name="key">A store key.</param>
    /// <returns>For example <c>data/array.zarr/c/0/0</c> for <c>c/0/0</c> under the prefix <c>data/array.zarr/</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    public string ObjectKeyOf(string key)
    {
        ValidateKey(key);
        return Prefix + key;
    }

    /// <summary>Whether <paramref name="other"/> is over the same bucket and prefix through the same client, whatever its read-only state.</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both name the same objects through the same client.</returns>
    public bool Equals(S3Store? other) =>
        other is not null && ReferenceEquals(other._client, _client) && other.Bucket == Bucket && other.Prefix == Prefix;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as S3Store);

    /// <summary>A hash of the bucket and prefix.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Bucket, Prefix);

    /// <summary>The store root as an S3 URL.</summary>
    /// <returns>For example <c>s3://bucket/data/array.zarr/</c>.</returns>
    public override string ToString() => $"s3://{Bucket}/{Prefix}";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, has a <c>.</c> or <c>..</c> segment, or makes an object key longer than S3's 1024 bytes.</exception>
    protected override void ValidateKey(string key)
    {
        base.ValidateKey(key);
        S3Names.CheckKey(key, Prefix + key);
    }

    /// <summary>The failure of an S3 call, naming the operation, the key and the bucket, with the SDK's exception inside.</summary>
    private IOException Failure(string operation, string key, Exception exception)
    {
        string status = exception is AmazonServiceException service
            ? $"{(int)service.StatusCode} {service.ErrorCode ?? service.StatusCode.ToString()}: "
            : "";
        return new IOException($"S3 {operation} of '{MessageText.Bounded(key)}' (s3://{Bucket}/{MessageText.Bounded(Prefix + key)}) failed: {status}{exception.Message}", exception);
    }

    /// <summary>Whether an SDK exception is a missing object rather than a failure: 404, except a missing bucket.</summary>
    private static bool IsMissing(AmazonServiceException exception) =>
        exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode != "NoSuchBucket";

    /// <summary>
    /// Whether an exception from the SDK is a failure to report as an <see cref="IOException"/> (not cancellation, not a
    /// bad argument); the SDK turns a request that ran past its timeout into a <see cref="TimeoutException"/>.
    /// </summary>
    private static bool IsSdkFailure(Exception exception) =>
        exception is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException;
}
