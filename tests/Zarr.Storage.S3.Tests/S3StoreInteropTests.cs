using Amazon.S3;
using Zarr.Buffers.Tests;
using Zarr.Buffers.Tests.Arrays;

namespace Zarr.Storage.S3.Tests;

/// <summary>
/// Every array of tests/data/interop, uploaded once under the prefix <c>interop/</c> and read through a read-only
/// <see cref="S3Store"/> rooted at its folder, gives the values in expected.json (the check <see cref="HttpStore"/>'s
/// interop test runs too).
/// </summary>
public sealed class S3StoreInteropTests(S3ServerFixture server)
{
    private static readonly SemaphoreSlim s_uploading = new(1, 1);
    private static bool s_uploaded;

    public static IEnumerable<TheoryDataRow<string>> Arrays() => InteropCheck.Arrays();

    [Theory]
    [MemberData(nameof(Arrays))]
    public async Task Reads_the_interop_array_through_S3(string path)
    {
        var client = await server.ClientAsync();
        await UploadOnceAsync(client);

        await InteropCheck.CheckReadsThroughAsync(
            new S3Store(client, S3ServerFixture.Bucket, "interop/" + path, readOnly: true, S3ServerFixture.S3rverOptions), path);
    }

    private static async Task UploadOnceAsync(IAmazonS3 client)
    {
        await s_uploading.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!s_uploaded)
            {
                var files = Directory.EnumerateFiles(RepoPaths.Interop, "*", SearchOption.AllDirectories);
                await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
                    async (file, token) => await S3ServerFixture.PutRawAsync(client,
                        "interop/" + Path.GetRelativePath(RepoPaths.Interop, file).Replace('\\', '/'), await File.ReadAllBytesAsync(file, token), token));
                s_uploaded = true;
            }
        }
        finally
        {
            s_uploading.Release();
        }
    }
}
