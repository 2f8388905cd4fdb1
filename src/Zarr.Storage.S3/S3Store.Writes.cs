using System.Net;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.S3;

/// <content>Sets, conditional sets and deletes.</content>
public sealed partial class S3Store
{
    /// <summary>How many times a conditional write is sent when S3 answers <c>409 ConditionalRequestConflict</c> (a concurrent write of the key).</summary>
    private const int MaxConditionalAttempts = 3;

    /// <summary>The most keys one <c>DeleteObjects</c> request may name (S3's limit).</summary>
    private const int MaxKeysPerDelete = 1000;

    /// <inheritdoc />
    /// <remarks>One <c>PUT</c> of the whole value.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for this store.</exception>
    /// <exception cref="IOException">The request failed; the message names the key and the bucket.</exception>
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        MarkOpen();
        await PutAsync(key, value, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A <c>PUT</c> with <c>If-None-Match: *</c>: S3 stores the value only when the key is missing and answers
    /// <c>412</c> otherwise, so among concurrent calls exactly one writes. A <c>409</c> (a concurrent conditional write
    /// in flight) is retried, as S3 advises. Without <see cref="S3StoreOptions.ConditionalWrites"/> this checks and then
    /// writes, which is not atomic (see there).
    /// </remarks>
    /// <exception cref="ArgumentException">The key is invalid for this store.</exception>
    /// <exception cref="IOException">The request failed; the message names the key and the bucket.</exception>
    public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        if (!Options.ConditionalWrites)
        {
            return await base.SetIfNotExistsAsync(key, value, cancellationToken).ConfigureAwait(false);
        }

        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        MarkOpen();
        return await PutAsync(key, value, ifNoneMatch: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One <c>DELETE</c>; S3 answers a missing key with success too.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for this store.</exception>
    /// <exception cref="IOException">The request failed; the message names the key and the bucket.</exception>
    public override async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        MarkOpen();
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = Prefix + key }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSdkFailure(e))
        {
            throw Failure("DELETE", key, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists the directory page by page (up to 1000 keys each) and deletes each page with one <c>DeleteObjects</c> request;
    /// no object outside the directory, or outside the store's prefix, is named in a request.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> starts with <c>/</c>.</exception>
    /// <exception cref="IOException">A listing or delete request failed, or S3 could not delete some keys; the message names them and the bucket.</exception>
    public override async Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfCannotDelete(prefix);
        MarkOpen();
        string directory = S3Names.AsDirectory(prefix);
        await foreach (ListObjectsV2Response page in ListPagesAsync(directory, delimiter: null, cancellationToken).ConfigureAwait(false))
        {
            if (page.S3Objects is { Count: > 0 } objects)
            {
                foreach (S3Object[] batch in objects.Chunk(MaxKeysPerDelete))
                {
                    await DeleteObjectsAsync(directory, batch, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task DeleteObjectsAsync(string directory, S3Object[] batch, CancellationToken cancellationToken)
    {
        var request = new DeleteObjectsRequest
        {
            BucketName = Bucket,
            Quiet = true,
            Objects = [.. batch.Select(o => new KeyVersion { Key = o.Key })],
        };
        try
        {
            await _client.DeleteObjectsAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (DeleteObjectsException e)
        {
            List<DeleteError> errors = e.Response.DeleteErrors ?? [];
            string named = string.Join(", ", errors.Take(3).Select(error => $"'{MessageText.Bounded(error.Key)}' ({error.Code}: {error.Message})"));
            throw new IOException(
                $"S3 DeleteObjects under '{MessageText.Bounded(directory)}' (s3://{Bucket}/{MessageText.Bounded(Prefix + directory)}) left {errors.Count} of {batch.Length} keys undeleted: {named}{(errors.Count > 3 ? ", ..." : "")}.",
                e);
        }
        catch (Exception e) when (IsSdkFailure(e))
        {
            throw Failure("DeleteObjects", directory, e);
        }
    }

    /// <summary>One <c>PUT</c>; with <paramref name="ifNoneMatch"/> conditional on the key being missing.</summary>
    /// <returns>Whether the value was stored: false only when a conditional write found the key.</returns>
    private async Task<bool> PutAsync(string key, Buffer value, bool ifNoneMatch, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Prefix + key,
                InputStream = Body(value),
                // The value is in memory: one signed body is as cheap as chunks, and servers that do not speak aws-chunked take it.
                UseChunkEncoding = false,
                IfNoneMatch = ifNoneMatch ? "*" : null,
            };
            try
            {
                await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (ifNoneMatch && e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                return false;
            }
            catch (AmazonS3Exception e) when (ifNoneMatch && e.StatusCode == HttpStatusCode.Conflict && attempt < MaxConditionalAttempts)
            {
                // S3's ConditionalRequestConflict: another conditional write of the key was in flight; the next attempt sees its outcome.
            }
            catch (Exception e) when (IsSdkFailure(e))
            {
                throw Failure(ifNoneMatch ? "PUT If-None-Match: *" : "PUT", key, e);
            }
        }
    }

    /// <summary>The value as a read-only stream over its own memory where it is an array, else over a copy.</summary>
    private static MemoryStream Body(Buffer value) =>
        MemoryMarshal.TryGetArray(value.AsBufferLike(), out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(value.ToBytes(), writable: false);
}
