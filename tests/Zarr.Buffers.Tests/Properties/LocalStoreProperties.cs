using Zarr.Storage;

namespace Zarr.Buffers.Tests.Properties;

/// <summary><see cref="LocalStore"/> against the dictionary model, sequentially and concurrently; each sample gets a fresh folder.</summary>
public sealed class LocalStoreProperties : StorePropertiesBase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarr-localstore-props-" + Guid.NewGuid().ToString("N"));

    /// <summary>Files are slower than memory: fewer samples keep the default run short.</summary>
    protected override long SequenceIterations => PropertyGen.Iterations(25);

    /// <inheritdoc />
    protected override long ParallelIterations => PropertyGen.Iterations(20);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override IStore CreateStore() => new LocalStore(Path.Combine(_folder, Guid.NewGuid().ToString("N")));
}
