using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Zarr.Buffers.Tests.Servers;

[assembly: AssemblyFixture(typeof(Zarr.Storage.S3.Tests.S3ServerFixture))]

namespace Zarr.Storage.S3.Tests;

/// <summary>
/// One s3rver for the whole test run, started by the first test that asks for a client (so that a machine without
/// Node.js skips those tests instead of failing a fixture) and stopped when the run ends. Each store gets a fresh
/// prefix of the one bucket, so tests never see each other's objects.
/// </summary>
public sealed class S3ServerFixture : IAsyncDisposable
{
    /// <summary>The bucket s3rver creates at start.</summary>
    public const string Bucket = "zarr";

    /// <summary>What s3rver 3.7.1 supports: neither suffix ranges nor conditional writes (see the S3rver_ tests of S3StoreTests).</summary>
    public static readonly S3StoreOptions S3rverOptions = new() { SuffixRanges = false, ConditionalWrites = false };

    private readonly SemaphoreSlim _starting = new(1, 1);
    private NodeServer? _server;
    private AmazonS3Client? _client;
    private readonly List<AmazonS3Client> _recordedClients = [];
    private int _prefixes;

    /// <summary>The shared client, starting s3rver first if no test has yet.</summary>
    public async Task<IAmazonS3> ClientAsync()
    {
        await _starting.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_server is null)
            {
                _server = await StartAsync();
                _client = CreateClient(_server.Endpoint);
            }

            return _client!;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>A client of its own over the running server, sending its requests through <paramref name="factory"/>; disposed with the fixture.</summary>
    public async Task<AmazonS3Client> ClientThroughAsync(HttpClientFactory factory)
    {
        await ClientAsync();
        var client = CreateClient(_server!.Endpoint, factory);
        lock (_recordedClients)
        {
            _recordedClients.Add(client);
        }

        return client;
    }

    /// <summary>A prefix no other store of this run has used, such as <c>t12/</c>.</summary>
    public string NewPrefix(string name = "t") => $"{name}{Interlocked.Increment(ref _prefixes)}/";

    /// <summary>
    /// Writes objects straight into s3rver's folder, as s3rver 3.7.1 lays them out (<c>{bucket}/{key}._S3rver_object</c>;
    /// it derives the ETag and size from the file), for tests that need more objects than PUTs make quickly.
    /// </summary>
    public async Task SeedAsync(IEnumerable<string> objectKeys, byte[] value)
    {
        await ClientAsync();
        foreach (string objectKey in objectKeys)
        {
            string file = Path.Combine(_server!.DataFolder, Bucket, objectKey + "._S3rver_object");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, value);
        }
    }

    /// <summary>
    /// Writes an object directly, bypassing any store, and waits until s3rver reports its full length, which it may not
    /// at once after answering the PUT (see <see cref="StartAsync"/>).
    /// </summary>
    public static async Task PutRawAsync(IAmazonS3 client, string objectKey, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = objectKey,
            InputStream = new MemoryStream(value.ToArray()),
            UseChunkEncoding = false,
        }, cancellationToken);
        for (int attempt = 1; (await client.GetObjectMetadataAsync(Bucket, objectKey, cancellationToken)).ContentLength != value.Length; attempt++)
        {
            Assert.True(attempt < 100, $"s3rver still does not report the {value.Length} bytes put under '{objectKey}' after {attempt} looks.");
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Reads an object directly, bypassing any store; null when it is missing.</summary>
    public static async Task<byte[]?> GetRawAsync(IAmazonS3 client, string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(Bucket, objectKey, cancellationToken);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes, cancellationToken);
            return bytes.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _recordedClients.ForEach(client => client.Dispose());
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _starting.Dispose();
    }

    /// <summary>
    /// Starts s3rver in the environment it needs: OpenSSL's legacy provider, because s3rver encrypts ListObjectsV2
    /// continuation tokens with DES, which OpenSSL 3 (Node.js 17 and later) refuses, so every listing past 1000 keys would
    /// fail with 500; and one libuv thread for file I/O, because s3rver answers a PUT once the body has passed through,
    /// not once the file is written, so with several threads a GET right after it can find the file still empty (a
    /// conformance check saw a 4-byte value as 0 bytes). With one thread the writes run in the order they were queued,
    /// the object's before the metadata's that the answer waits for.
    /// </summary>
    private static Task<NodeServer> StartAsync() =>
        // No test's token: the server outlives the test that happens to start it.
        NodeServer.StartAsync(
            "s3rver",
            (port, folder) => ["--address", "127.0.0.1", "--port", $"{port}", "--directory", folder, "--silent", "--configure-bucket", Bucket],
            CancellationToken.None,
            new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider", ["UV_THREADPOOL_SIZE"] = "1" });

    /// <summary>s3rver's default credentials (a test-only pair it accepts), path-style addressing on the loopback endpoint.</summary>
    private static AmazonS3Client CreateClient(Uri endpoint, HttpClientFactory? factory = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.AbsoluteUri,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        };
        if (factory is not null)
        {
            config.HttpClientFactory = factory;
        }

        return new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), config);
    }
}
