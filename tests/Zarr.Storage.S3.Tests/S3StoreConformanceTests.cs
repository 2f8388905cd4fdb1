using Zarr.Testing;
using Zarr.Testing.Xunit;

namespace Zarr.Storage.S3.Tests;

/// <summary>
/// The store conformance suite for <see cref="S3Store"/> against s3rver: every store is a fresh prefix of the bucket,
/// and the raw hooks put and get its objects through the SDK directly. s3rver ignores <c>If-None-Match</c> on
/// <c>PUT</c>, so the store runs with <see cref="S3StoreOptions.ConditionalWrites"/> off and the harness does not claim
/// <see cref="StoreCapabilities.AtomicSetIfNotExists"/>; everything else is claimed.
/// </summary>
public sealed class S3StoreConformanceTests(S3ServerFixture server) : StoreTests<S3Store>
{
    /// <summary>Starts s3rver before the check, so that without Node.js the test is skipped rather than failed by the check's own error handling.</summary>
    public override async ValueTask InitializeAsync() => await server.ClientAsync();

    public override StoreCapabilities Capabilities => StoreCapabilities.All & ~StoreCapabilities.AtomicSetIfNotExists;

    public override async ValueTask<S3Store> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(await server.ClientAsync(), S3ServerFixture.Bucket, server.NewPrefix(), readOnly, S3ServerFixture.S3rverOptions);

    public override async ValueTask SetRawAsync(S3Store store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        await S3ServerFixture.PutRawAsync(await server.ClientAsync(), store.ObjectKeyOf(key), value, cancellationToken);

    public override async ValueTask<byte[]?> GetRawAsync(S3Store store, string key, CancellationToken cancellationToken) =>
        await S3ServerFixture.GetRawAsync(await server.ClientAsync(), store.ObjectKeyOf(key), cancellationToken);
}
