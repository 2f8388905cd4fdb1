using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.Azure.Internal;

/// <summary>
/// Deletes blobs of a container through the Blob Batch operation (<c>POST {container}?restype=container&amp;comp=batch</c>),
/// up to <see cref="MaxSubRequests"/> in one request, sent through the container client's own pipeline: its credential,
/// retries, transport and policies apply, as they do to every other request of the store.
/// </summary>
/// <remarks>
/// Each sub-request is signed on its own, as the service requires, by the client's authentication policy run in a
/// pipeline that sends nothing (<see cref="SigningOnlyTransport"/>); the Azure.Storage.Blobs.Batch package does the same.
/// The client's pipeline and authentication policy are reached through <see cref="BlobServiceClient"/>'s protected
/// accessors, which the SDK offers for building clients on top of its own.
/// </remarks>
internal sealed class BatchDeleter
{
    /// <summary>The most sub-requests the service takes in one batch.</summary>
    public const int MaxSubRequests = 256;

    private readonly BlobContainerClient _container;
    private readonly HttpPipeline _pipeline;
    private readonly HttpPipeline _signing;
    private readonly string _version;

    /// <summary>A deleter that sends its batches through <paramref name="container"/>'s pipeline.</summary>
    public BatchDeleter(BlobContainerClient container)
    {
        BlobServiceClient service = container.GetParentBlobServiceClient();
        _container = container;
        _pipeline = ClientParts.Pipeline(service);
        _version = VersionText(ClientParts.Options(service).Version);
        _signing = SigningPipeline(_pipeline, ClientParts.Authentication(service));
    }

    /// <summary>Deletes the blobs named <paramref name="blobNames"/>, each with its snapshots, in one batch request.</summary>
    /// <returns>The answer to each delete, in the order of <paramref name="blobNames"/>.</returns>
    /// <exception cref="RequestFailedException">The service refused the batch as a whole.</exception>
    /// <exception cref="InvalidDataException">The answer does not hold one part for each delete.</exception>
    public async Task<BatchSubResponse[]> DeleteAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        string boundary = BatchMultipart.NewBoundary();
        var body = new StringBuilder();
        for (int i = 0; i < blobNames.Count; i++)
        {
            using HttpMessage delete = await SignedDeleteAsync(blobNames[i], cancellationToken).ConfigureAwait(false);
            BatchMultipart.AppendPart(body, boundary, i, delete.Request);
        }

        BatchMultipart.AppendEnd(body, boundary);
        using HttpMessage batch = BatchRequest(boundary, Encoding.UTF8.GetBytes(body.ToString()));
        await _pipeline.SendAsync(batch, cancellationToken).ConfigureAwait(false);
        Response response = batch.Response;
        if (response.Status != 202)
        {
            // The service names the error in a header, which the SDK's own clients read but RequestFailedException(Response) does not.
            response.Headers.TryGetValue("x-ms-error-code", out string? errorCode);
            throw new RequestFailedException(response.Status, $"The service refused the batch request: status {response.Status}.", errorCode, null);
        }

        return InOrder(BatchMultipart.Parse(response.Headers.ContentType, response.Content.ToString()), blobNames.Count);
    }

    private async Task<HttpMessage> SignedDeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        HttpMessage message = _signing.CreateMessage();
        message.Request.Method = RequestMethod.Delete;
        message.Request.Uri.Reset(_container.GetBlobClient(blobName).Uri);
        message.Request.Headers.SetValue("x-ms-date", Now());
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        await _signing.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private HttpMessage BatchRequest(string boundary, byte[] body)
    {
        HttpMessage message = _pipeline.CreateMessage();
        Request request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(_container.Uri);
        request.Uri.AppendQuery("restype", "container");
        request.Uri.AppendQuery("comp", "batch");
        request.Headers.SetValue("x-ms-version", _version);
        request.Headers.SetValue("x-ms-date", Now());
        request.Headers.SetValue(HttpHeader.Names.ContentType, BatchMultipart.ContentType(boundary));
        request.Content = RequestContent.Create(body);
        return message;
    }

    /// <summary>
    /// The parts ordered by their <c>Content-ID</c>, one for each of <paramref name="count"/> deletes; a single part
    /// without one that failed is the service refusing the batch as a whole (its way of answering a malformed batch).
    /// </summary>
    private static BatchSubResponse[] InOrder(IReadOnlyList<BatchSubResponse> parts, int count)
    {
        if (parts is [{ ContentId: null, Succeeded: false } whole])
        {
            throw new RequestFailedException(whole.Status, $"The service refused the batch as a whole: status {whole.Status}.", whole.ErrorCode, null);
        }

        BatchSubResponse[] ordered = [.. parts.OrderBy(part => part.ContentId)];
        return ordered.Select(part => part.ContentId).SequenceEqual(Enumerable.Range(0, count).Select(id => (int?)id))
            ? ordered
            : throw new InvalidDataException(
                $"A blob batch answer must have one part for each of its {count} sub-requests, numbered 0 to {count - 1}; it has {Numbering(parts)}.");
    }

    /// <summary>How many parts there are and their <c>Content-ID</c>s, in the order they came: <c>2, numbered 0, 0</c>.</summary>
    private static string Numbering(IReadOnlyList<BatchSubResponse> parts) =>
        parts.Count == 0
            ? "0"
            : $"{parts.Count}, numbered {MessageText.Bounded(string.Join(", ", parts.Select(part => part.ContentId?.ToString(CultureInfo.InvariantCulture) ?? "(none)")))}";

    private static string Now() => DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The <c>x-ms-version</c> of a service version: <c>V2025_11_05</c> is <c>2025-11-05</c>.</summary>
    private static string VersionText(BlobClientOptions.ServiceVersion version) => version.ToString()[1..].Replace('_', '-');

    /// <summary>
    /// A pipeline that runs the client's authentication policy over a sub-request and sends nothing: no retries, logging or
    /// telemetry, which belong to the batch request the client's pipeline sends.
    /// </summary>
    private static HttpPipeline SigningPipeline(HttpPipeline clientPipeline, HttpPipelinePolicy? authentication)
    {
        var options = new BlobClientOptions { Transport = new SigningOnlyTransport(clientPipeline) };
        options.Retry.MaxRetries = 0;
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        return HttpPipelineBuilder.Build(options, perCallPolicies: [], perRetryPolicies: authentication is null ? [] : [authentication], responseClassifier: null);
    }

    /// <summary>The SDK's protected accessors to a client's pipeline, authentication policy and options.</summary>
    private abstract class ClientParts : BlobServiceClient
    {
        public static HttpPipeline Pipeline(BlobServiceClient service) => GetHttpPipeline(service);

        public static HttpPipelinePolicy? Authentication(BlobServiceClient service) => GetAuthenticationPolicy(service);

        public static BlobClientOptions Options(BlobServiceClient service) => GetClientOptions(service);
    }
}
