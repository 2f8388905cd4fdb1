using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.S3;

/// <content>Gets, ranged gets, existence and sizes.</content>
public sealed partial class S3Store
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, has a <c>.</c> or <c>..</c> segment, or makes an object key longer than S3's 1024 bytes.</exception>
    /// <exception cref="InvalidDataException">The server answered a range with a <c>Content-Range</c> that does not match it, or the value is longer than an array can hold.</exception>
    /// <exception cref="IOException">The request failed for another reason than a missing key (a missing bucket, access denied, a broken connection); the message names the key and the bucket.</exception>
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(prototype);
        cancellationToken.ThrowIfCancellationRequested();
        MarkOpen();
        (bool found, byte[]? bytes) = await ReadAsync(key, byteRange, async (body, length, token) =>
        {
            byte[] bytes = new byte[length];
            await ReadBodyAsync(body, bytes, key, token).ConfigureAwait(false);
            return bytes;
        }, cancellationToken).ConfigureAwait(false);
        return found ? prototype.Buffer.FromArrayLike(bytes) : null;
    }

    /// <inheritdoc />
    /// <remarks>The body of the answer is read straight into <paramref name="destination"/>, after its length is checked.</remarks>
    /// <exception cref="ArgumentException">
    /// The key is invalid, has a <c>.</c> or <c>..</c> segment, or makes an object key longer than S3's 1024 bytes; or the
    /// value (or its range) is longer than <paramref name="destination"/>: the message names both lengths, and nothing is written.
    /// </exception>
    /// <exception cref="InvalidDataException">The server answered a range with a <c>Content-Range</c> that does not match it, or the value is longer than an array can hold.</exception>
    /// <exception cref="IOException">The request failed for another reason than a missing key; the message names the key and the bucket.</exception>
    public override async ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        MarkOpen();
        (bool found, int length) = await ReadAsync(key, byteRange, async (body, length, token) =>
        {
            EnsureFits(key, byteRange, length, destination);
            await ReadBodyAsync(body, destination[..length], key, token).ConfigureAwait(false);
            return length;
        }, cancellationToken).ConfigureAwait(false);
        return found ? length : null;
    }

    /// <inheritdoc />
    /// <remarks>The reads run concurrently, ten at a time; the results keep the input order.</remarks>
    /// <exception cref="ArgumentException">A key is invalid for this store.</exception>
    /// <exception cref="InvalidDataException">The server answered a range with a <c>Content-Range</c> that does not match it.</exception>
    /// <exception cref="IOException">A request failed for another reason than a missing key; the message names the key and the bucket.</exception>
    public override Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default) =>
        GetPartialValuesConcurrentlyAsync(prototype, keyRanges, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One <c>HEAD</c> request. Its answer has no body to say why a <c>404</c> came, so a missing bucket reads as a missing key here (a get reports it).</remarks>
    /// <exception cref="ArgumentException">The key is invalid for this store.</exception>
    /// <exception cref="IOException">The request failed for another reason than a missing key; the message names the key and the bucket.</exception>
    public override async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        MarkOpen();
        return await HeadAsync(key, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    /// <remarks>One <c>HEAD</c> request.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for this store.</exception>
    /// <exception cref="IOException">The request failed for another reason than a missing key; the message names the key and the bucket.</exception>
    public override async ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        MarkOpen();
        GetObjectMetadataResponse head = await HeadAsync(key, cancellationToken).ConfigureAwait(false) ?? throw KeyNotFound(key);
        return head.ContentLength;
    }

    /// <summary>
    /// Reads the bytes <paramref name="byteRange"/> selects with one ranged GET (two without
    /// <see cref="S3StoreOptions.SuffixRanges"/>) and hands the body, positioned at them, to <paramref name="consume"/>.
    /// </summary>
    /// <returns>Whether the key exists, and what <paramref name="consume"/> made of its bytes.</returns>
    private async Task<(bool Found, T? Value)> ReadAsync<T>(string key, ByteRequest? byteRange,
        Func<Stream, int, CancellationToken, Task<T>> consume, CancellationToken cancellationToken)
    {
        if (byteRange is RangeByteRequest { Start: var start, End: var end } && start == end || byteRange is SuffixByteRequest { Suffix: 0 })
        {
            // A GET cannot ask for no bytes; the answer is empty whenever the key exists.
            return await HeadAsync(key, cancellationToken).ConfigureAwait(false) is null
                ? (false, default)
                : (true, await consume(Stream.Null, 0, cancellationToken).ConfigureAwait(false));
        }

        return byteRange is SuffixByteRequest suffix && !Options.SuffixRanges
            ? await ReadSuffixBySizeAsync(key, suffix, consume, cancellationToken).ConfigureAwait(false)
            : await GetObjectAsync(key, byteRange, etag: null, consume, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A suffix read for a server without suffix ranges: the size from a <c>HEAD</c>, then a range pinned to its ETag.</summary>
    private async Task<(bool Found, T? Value)> ReadSuffixBySizeAsync<T>(string key, SuffixByteRequest suffix,
        Func<Stream, int, CancellationToken, Task<T>> consume, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await HeadAsync(key, cancellationToken).ConfigureAwait(false) is not { } head)
            {
                return (false, default);
            }

            (long start, long length) = suffix.Resolve(head.ContentLength);
            if (length == 0)
            {
                return (true, await consume(Stream.Null, 0, cancellationToken).ConfigureAwait(false));
            }

            try
            {
                return await GetObjectAsync(key, new RangeByteRequest(start, start + length), head.ETag, consume, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed && attempt < MaxSuffixAttempts)
            {
                // The value was replaced between the HEAD and the GET: its size may have changed, so start over.
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw Failure($"GET of the last {suffix.Suffix} bytes", key,
                    new IOException($"the value changed between HEAD and GET on all {MaxSuffixAttempts} attempts.", e));
            }
        }
    }

    /// <summary>
    /// One GET of <paramref name="byteRange"/>, checked against the answer's <c>Content-Range</c>; with
    /// <paramref name="etag"/>, only of that version (a 412 is left to the caller).
    /// </summary>
    private async Task<(bool Found, T? Value)> GetObjectAsync<T>(string key, ByteRequest? byteRange, string? etag,
        Func<Stream, int, CancellationToken, Task<T>> consume, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = Prefix + key, EtagToMatch = etag };
        if (S3Ranges.Header(byteRange) is { } header)
        {
            request.ByteRange = new ByteRange(header);
        }

        try
        {
            using GetObjectResponse response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.HttpStatusCode == HttpStatusCode.PartialContent)
            {
                (long skip, int length) = S3Ranges.CheckedPart(response.ContentRange, byteRange, Describe(key));
                await SkipAsync(response.ResponseStream, skip, key, cancellationToken).ConfigureAwait(false);
                return (true, await consume(response.ResponseStream, length, cancellationToken).ConfigureAwait(false));
            }

            int whole = S3Ranges.CheckedLength(response.ContentLength, Describe(key));
            if (byteRange is null)
            {
                return (true, await consume(response.ResponseStream, whole, cancellationToken).ConfigureAwait(false));
            }

            // The server ignored the range and sent the whole value: read it and keep the selected part.
            byte[] value = new byte[whole];
            await ReadBodyAsync(response.ResponseStream, value, key, cancellationToken).ConfigureAwait(false);
            (long start, long count) = byteRange.Resolve(whole);
            using var part = new MemoryStream(value, (int)start, (int)count, writable: false);
            return (true, await consume(part, (int)count, cancellationToken).ConfigureAwait(false));
        }
        catch (AmazonS3Exception e) when (IsMissing(e))
        {
            return (false, default);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && byteRange is not null)
        {
            // The range starts past the end: nothing selected, as in every store.
            return (true, await consume(Stream.Null, 0, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsSdkFailure(e) && !(etag is not null && e is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed }))
        {
            throw Failure("GET", key, e);
        }
    }

    /// <summary>The object's metadata from a <c>HEAD</c>, or null when the key is missing.</summary>
    private async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = Prefix + key }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissing(e))
        {
            return null;
        }
        catch (Exception e) when (IsSdkFailure(e))
        {
            throw Failure("HEAD", key, e);
        }
    }

    /// <summary>Fills <paramref name="destination"/> from the body; a body that ends first is an <see cref="IOException"/> naming the key.</summary>
    private async Task ReadBodyAsync(Stream body, Memory<byte> destination, string key, CancellationToken cancellationToken)
    {
        int read = await body.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < destination.Length)
        {
            throw new IOException($"{Describe(key)}: the body ended after {read} of the {destination.Length} bytes the server announced.");
        }
    }

    /// <summary>Reads and drops the first <paramref name="count"/> bytes of the body.</summary>
    private async Task SkipAsync(Stream body, long count, string key, CancellationToken cancellationToken)
    {
        byte[] scratch = new byte[(int)Math.Min(count, 81920)];
        for (long left = count; left > 0; left -= scratch.Length)
        {
            await ReadBodyAsync(body, scratch.AsMemory(0, (int)Math.Min(left, scratch.Length)), key, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Describe(string key) => $"'{MessageText.Bounded(key)}' in {this}";
}
