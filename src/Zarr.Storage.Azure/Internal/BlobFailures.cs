using Azure;
using Azure.Storage.Blobs.Models;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.Azure.Internal;

/// <summary>What <see cref="AzureBlobStore"/> makes of the service's refusals.</summary>
internal static class BlobFailures
{
    /// <summary>
    /// Whether the refusal says that the blob is missing: 404 with <c>BlobNotFound</c>, or 404 without an error code, which is
    /// how the service answers a <c>HEAD</c> (it has no body). A missing container (<c>ContainerNotFound</c>) is an error,
    /// not a missing key: a misspelt container must not look like an empty store.
    /// </summary>
    public static bool IsMissingBlob(RequestFailedException exception) => IsMissingBlob(exception.Status, exception.ErrorCode);

    /// <summary>Whether an answer with <paramref name="status"/> and <paramref name="errorCode"/> says that the blob is missing (see the overload).</summary>
    public static bool IsMissingBlob(int status, string? errorCode) =>
        status == 404 && (errorCode is null || errorCode == BlobErrorCode.BlobNotFound.ToString());

    /// <summary>Whether a conditional write was refused because the blob exists (409 <c>BlobAlreadyExists</c> or 412).</summary>
    public static bool IsAlreadyThere(RequestFailedException exception) =>
        exception.Status == 412 || (exception.Status == 409 && exception.ErrorCode == BlobErrorCode.BlobAlreadyExists.ToString());

    /// <summary>
    /// The refusal again, with a message that names what was asked, the key and the store (its account, container and
    /// prefix); the status, error code and the service's own message stay on it and on its inner exception.
    /// </summary>
    /// <param name="exception">The SDK's exception.</param>
    /// <param name="operation">What was asked, for example <c>read</c>.</param>
    /// <param name="key">The key or prefix.</param>
    /// <param name="store">The store, which describes itself without credentials.</param>
    public static RequestFailedException Describe(RequestFailedException exception, string operation, string key, AzureBlobStore store) =>
        Refused(exception.Status, exception.ErrorCode, operation, key, store, exception);

    /// <summary>
    /// A refusal with <paramref name="status"/> and <paramref name="errorCode"/> (of a sub-request of a batch, say), with a
    /// message that names what was asked, the key and the store, and then <paramref name="note"/> if there is one.
    /// </summary>
    public static RequestFailedException Refused(int status, string? errorCode, string operation, string key, AzureBlobStore store,
        Exception? inner = null, string note = "") =>
        new(status,
            $"Azure Blob Storage refused to {operation} '{MessageText.Bounded(key)}' in {store}: status {status}, error code {errorCode ?? "(none)"}.{note}",
            errorCode, inner);
}
