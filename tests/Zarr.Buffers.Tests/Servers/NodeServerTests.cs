namespace Zarr.Buffers.Tests.Servers;

public class NodeServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task S3rver_answers_on_loopback_and_is_gone_after_dispose()
    {
        var server = await NodeServer.StartAsync(
            "s3rver", (port, folder) => ["--address", "127.0.0.1", "--port", $"{port}", "--directory", folder, "--silent", "--configure-bucket", "probe"], Token);
        string folderOfServer = server.DataFolder;
        using var http = new HttpClient();

        string buckets = await http.GetStringAsync(server.Endpoint, Token);
        await server.DisposeAsync();

        buckets.Should().Contain("<Name>probe</Name>");
        Directory.Exists(folderOfServer).Should().BeFalse();
        await http.Invoking(h => h.GetAsync(server.Endpoint, Token)).Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Azurite_blob_answers_on_loopback()
    {
        await using var server = await NodeServer.StartAsync(
            "azurite-blob", (port, folder) => ["--blobHost", "127.0.0.1", "--blobPort", $"{port}", "--location", folder, "--silent", "--disableTelemetry"], Token);
        using var http = new HttpClient();

        // Azurite refuses an unsigned request with an authorization error: the service is up and speaking its protocol.
        using var response = await http.GetAsync(new Uri(server.Endpoint, "devstoreaccount1?comp=list"), Token);

        ((int)response.StatusCode).Should().Be(403, server.Log);
        response.Headers.Contains("x-ms-request-id").Should().BeTrue();
    }

    [Fact]
    public async Task A_server_that_exits_at_once_is_reported_with_its_output()
    {
        var start = () => NodeServer.StartAsync("s3rver", (port, _) => ["--port", $"{port}"], Token);

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("s3rver exited with code * before it listened on 127.0.0.1:*required option*--directory*");
    }
}
