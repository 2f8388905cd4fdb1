using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Zarr.Storage.Azure.Internal;

/// <summary>
/// A transport that sends nothing: a pipeline built on it runs its policies (the client's authentication above all) over
/// a sub-request of a blob batch, which then travels inside the batch's body, and answers every request with an empty 200.
/// </summary>
/// <param name="requestSource">The pipeline whose requests the sub-requests are, so that they are of the same kind.</param>
internal sealed class SigningOnlyTransport(HttpPipeline requestSource) : HttpPipelineTransport
{
    public override Request CreateRequest() => requestSource.CreateRequest();

    public override void Process(HttpMessage message) => message.Response = new EmptyResponse();

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        Process(message);
        return ValueTask.CompletedTask;
    }

    /// <summary>An answer with status 200, no headers and no body.</summary>
    private sealed class EmptyResponse : Response
    {
        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
