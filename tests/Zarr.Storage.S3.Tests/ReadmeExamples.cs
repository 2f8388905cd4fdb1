using Amazon.S3;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage.S3;

namespace Zarr.Storage.S3.Tests;

/// <summary>
/// The examples of src/Zarr.Storage.S3/README.md and of the README's S3 section, verbatim, so that the build compiles
/// what the pages show. They are not run: they need a real bucket and the SDK's default credentials.
/// </summary>
internal static class ReadmeExamples
{
    public static async Task<NDBuffer> ReadFromS3Async()
    {
        using var s3 = new AmazonS3Client();                 // region and credentials from the SDK's default chain
        var store = new S3Store(s3, "my-bucket", "data/array.zarr", readOnly: true);
        ZarrArray array = await ZarrArray.OpenAsync(store, "");    // GET data/array.zarr/zarr.json
        NDBuffer values = await array.ReadAsync(null);             // one GET per chunk, ranged GETs into shards
        return values;
    }

    public static string DescribeAStoreOnACompatibleServer()
    {
        var config = new AmazonS3Config { ServiceURL = "http://localhost:9000", ForcePathStyle = true };
        using var s3 = new AmazonS3Client(config);           // credentials still from the default chain
        var store = new S3Store(s3, "zarr", "experiments/run-7",
            options: new S3StoreOptions { SuffixRanges = false, ConditionalWrites = false });
        return store.ToString();
    }
}
