namespace Zarr.Storage.Azure.Internal;

/// <summary>The answer to one sub-request of a blob batch: which one (its <c>Content-ID</c>), its status and error code.</summary>
/// <param name="ContentId">The index of the sub-request in its batch.</param>
/// <param name="Status">The HTTP status of the sub-request.</param>
/// <param name="ErrorCode">The service's <c>x-ms-error-code</c>, or null when it sent none.</param>
internal readonly record struct BatchSubResponse(int? ContentId, int Status, string? ErrorCode)
{
    /// <summary>Whether the sub-request succeeded (2xx).</summary>
    public bool Succeeded => Status is >= 200 and < 300;
}
