using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Zarr.Storage.Azure.Tests;

/// <summary>
/// How <see cref="AzureBlobStore.DeleteDirAsync"/> writes a blob batch and reads answers azurite never gives: the service
/// is a scripted <see cref="HttpMessageHandler"/> behind the client's own transport, listing two blobs and answering the
/// batch with the multipart text the Blob Batch documentation shows.
/// </summary>
public sealed class AzureBlobStoreBatchAnswerTests
{
    private const string Boundary = "batchresponse_66925647-d0cb-4109-b6d3-28efe3e1e5ed";
    private const string Accepted = "HTTP/1.1 202 Accepted\r\nx-ms-delete-type-permanent: true\r\nx-ms-version: 2025-11-05\r\n";
    private const string Leased = "HTTP/1.1 412 There is currently a lease on the blob and no lease ID was specified in the request.\r\nx-ms-error-code: LeaseIdMissing\r\n";

    [Fact]
    public async Task The_batch_request_holds_one_signed_delete_for_each_blob()
    {
        var service = new ScriptedService(HttpStatusCode.Accepted, Answer((0, Accepted), (1, Accepted)));

        await Store(service).DeleteDirAsync("dir", TestContext.Current.CancellationToken);

        service.BatchUri.Should().Be("http://127.0.0.1:9/devstoreaccount1/c?restype=container&comp=batch");
        service.BatchContentType.Should().StartWith("multipart/mixed; boundary=batch_");
        service.BatchHeaders.Should().ContainKey("x-ms-version").And.ContainKey("x-ms-date").And.ContainKey("Authorization");
        string boundary = service.BatchContentType!["multipart/mixed; boundary=".Length..];
        string[] parts = service.BatchBody!.Split("--" + boundary);
        parts.Should().HaveCount(4).And.Subject.Last().Should().Be("--\r\n");
        foreach ((string part, int id) in parts[1..3].Select((part, id) => (part, id)))
        {
            part.Should().StartWith($"\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: {id}\r\n\r\n"
                + $"DELETE /devstoreaccount1/c/p/dir/{(char)('a' + id)} HTTP/1.1\r\n")
                .And.Contain("\r\nx-ms-delete-snapshots: include\r\n")
                .And.MatchRegex("\r\nx-ms-date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n")
                .And.MatchRegex("\r\nAuthorization: SharedKey devstoreaccount1:[A-Za-z0-9+/=]+\r\n")
                .And.EndWith("\r\n\r\n");
        }
    }

    [Fact]
    public async Task Answers_are_paired_with_their_deletes_by_content_id_not_by_order()
    {
        var service = new ScriptedService(HttpStatusCode.Accepted, Answer((1, Leased), (0, Accepted)));

        var refusal = await Store(service).Invoking(s => s.DeleteDirAsync("dir", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<RequestFailedException>();

        refusal.Which.Status.Should().Be(412);
        refusal.Which.ErrorCode.Should().Be("LeaseIdMissing");
        refusal.Which.Message.Should().Contain("delete 'dir/b' in http://127.0.0.1:9/devstoreaccount1/c/p/").And.NotContain("other delete");
    }

    [Fact]
    public async Task Every_refused_delete_of_a_batch_is_counted_in_the_message()
    {
        var service = new ScriptedService(HttpStatusCode.Accepted, Answer((0, Leased), (1, Leased)));

        var refusal = await Store(service).Invoking(s => s.DeleteDirAsync("dir", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<RequestFailedException>();

        refusal.Which.Message.Should().Contain("'dir/a'").And.Contain("refused one other delete of the same batch too");
    }

    [Fact]
    public async Task A_missing_blob_in_the_answer_is_no_error()
    {
        const string missing = "HTTP/1.1 404 The specified blob does not exist.\r\nx-ms-error-code: BlobNotFound\r\nContent-Length: 216\r\nContent-Type: application/xml\r\n\r\n"
            + "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>";
        var service = new ScriptedService(HttpStatusCode.Accepted, Answer((0, missing), (1, Accepted)));

        await Store(service).DeleteDirAsync("dir", TestContext.Current.CancellationToken);

        service.BatchBody.Should().NotBeNull();
    }

    [Fact]
    public async Task A_batch_the_service_refuses_as_a_whole_is_an_error_naming_the_directory_and_the_store()
    {
        var service = new ScriptedService(HttpStatusCode.Accepted,
            $"--{Boundary}\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 400 One of the request inputs is not valid.\r\nx-ms-error-code: InvalidInput\r\n\r\n--{Boundary}--\r\n");

        var refusal = await Store(service).Invoking(s => s.DeleteDirAsync("dir", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<RequestFailedException>();

        refusal.Which.Status.Should().Be(400);
        refusal.Which.ErrorCode.Should().Be("InvalidInput");
        refusal.Which.Message.Should().Contain("delete the blobs under 'dir/' in http://127.0.0.1:9/devstoreaccount1/c/p/");
    }

    [Fact]
    public async Task A_refused_batch_request_is_an_error_naming_the_directory_and_the_store()
    {
        var service = new ScriptedService(HttpStatusCode.Forbidden, "", errorCode: "AuthorizationPermissionMismatch");

        var refusal = await Store(service).Invoking(s => s.DeleteDirAsync("dir", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<RequestFailedException>();

        refusal.Which.Status.Should().Be(403);
        refusal.Which.ErrorCode.Should().Be("AuthorizationPermissionMismatch");
        refusal.Which.Message.Should().Contain("'dir/'").And.Contain("http://127.0.0.1:9/devstoreaccount1/c/p/");
    }

    public static TheoryData<string, string, string> MalformedAnswers() => new()
    {
        { "one part for two deletes", Answer((0, Accepted)), "it has 1, numbered 0" },
        { "a Content-ID twice", Answer((0, Accepted), (0, Accepted)), "it has 2, numbered 0, 0" },
        { "a Content-ID out of range", Answer((0, Accepted), (2, Accepted)), "it has 2, numbered 0, 2" },
        { "no status line", Answer((0, Accepted), (1, "x-ms-error-code: InvalidInput\r\n")), "status line" },
        { "a header without a colon", Answer((0, Accepted), (1, "HTTP/1.1 202 Accepted\r\nnot a header\r\n")), "'not a header'" },
        { "another boundary", Answer((0, Accepted), (1, Accepted)).Replace(Boundary, "other", StringComparison.Ordinal), "it has 0." },
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task A_malformed_answer_is_invalid_data(string flaw, string answer, string named)
    {
        var service = new ScriptedService(HttpStatusCode.Accepted, answer);

        await Store(service).Invoking(s => s.DeleteDirAsync("dir", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<InvalidDataException>(flaw).WithMessage($"*batch answer*{named}*'dir/'*http://127.0.0.1:9/devstoreaccount1/c/p/*");
    }

    [Fact]
    public async Task The_boundary_inside_a_line_of_a_part_body_does_not_split_the_part()
    {
        string missing = $"HTTP/1.1 404 The specified blob does not exist.\r\nx-ms-error-code: BlobNotFound\r\nContent-Type: application/xml\r\n\r\n"
            + $"<Error><Code>BlobNotFound</Code><Message>--{Boundary} is quoted here.</Message></Error>";
        var service = new ScriptedService(HttpStatusCode.Accepted, Answer((0, missing), (1, Accepted)));

        await Store(service).DeleteDirAsync("dir", TestContext.Current.CancellationToken);

        service.BatchBody.Should().NotBeNull();
    }

    [Fact]
    public async Task An_answer_that_is_not_multipart_is_invalid_data()
    {
        var service = new ScriptedService(HttpStatusCode.Accepted, "<ok/>", contentType: "application/xml");

        await Store(service).Invoking(s => s.DeleteDirAsync("dir", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<InvalidDataException>().WithMessage("*multipart/mixed*'application/xml'*'dir/'*http://127.0.0.1:9/devstoreaccount1/c/p/*");
    }

    /// <summary>A batch answer with one part for each (Content-ID, status line and headers).</summary>
    private static string Answer(params (int ContentId, string Response)[] parts) =>
        string.Concat(parts.Select(part => $"--{Boundary}\r\nContent-Type: application/http\r\nContent-ID: {part.ContentId}\r\n\r\n{part.Response}\r\n"))
        + $"--{Boundary}--\r\n";

    private static AzureBlobStore Store(ScriptedService service)
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(service)) };
        options.Retry.MaxRetries = 0;
        var container = new BlobContainerClient(new Uri("http://127.0.0.1:9/devstoreaccount1/c"),
            new StorageSharedKeyCredential(Azurite.Account, Azurite.DevelopmentKey), options);
        return new AzureBlobStore(container, "p");
    }

    /// <summary>Lists the blobs <c>p/dir/a</c> and <c>p/dir/b</c>, and answers a batch as scripted, keeping what it was sent.</summary>
    private sealed class ScriptedService(HttpStatusCode batchStatus, string batchAnswer, string? contentType = null, string? errorCode = null)
        : HttpMessageHandler
    {
        private const string Listing = """
            <?xml version="1.0" encoding="utf-8"?>
            <EnumerationResults ServiceEndpoint="http://127.0.0.1:9/devstoreaccount1" ContainerName="c"><Prefix>p/dir/</Prefix><Blobs>
            <Blob><Name>p/dir/a</Name><Properties><Content-Length>10</Content-Length><BlobType>BlockBlob</BlobType></Properties><Metadata /></Blob>
            <Blob><Name>p/dir/b</Name><Properties><Content-Length>10</Content-Length><BlobType>BlockBlob</BlobType></Properties><Metadata /></Blob>
            </Blobs><NextMarker /></EnumerationResults>
            """;

        public string? BatchUri { get; private set; }

        public string? BatchContentType { get; private set; }

        public Dictionary<string, string> BatchHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string? BatchBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                return Answer(HttpStatusCode.OK, Listing, "application/xml");
            }

            BatchUri = request.RequestUri!.AbsoluteUri;
            BatchContentType = request.Content!.Headers.ContentType!.ToString();
            foreach (var header in request.Headers)
            {
                BatchHeaders[header.Key] = string.Join(",", header.Value);
            }

            BatchBody = await request.Content.ReadAsStringAsync(cancellationToken);
            var answer = Answer(batchStatus, batchAnswer, contentType ?? "multipart/mixed; boundary=" + Boundary);
            if (errorCode is not null)
            {
                answer.Headers.Add("x-ms-error-code", errorCode);
            }

            return answer;
        }

        private static HttpResponseMessage Answer(HttpStatusCode status, string body, string contentType)
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return new HttpResponseMessage(status) { Content = content };
        }
    }
}
