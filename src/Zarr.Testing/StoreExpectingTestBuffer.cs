using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing;

/// <summary>
/// A <see cref="MemoryStore"/> that insists on <see cref="TestBuffer"/> for chunk data (zarr-python's
/// <c>zarr.testing.buffer.StoreExpectingTestBuffer</c>): run a codec, a pipeline or an array through it with a
/// prototype of <see cref="TestBuffer"/>, and any buffer made without that prototype is caught where it reaches the store.
/// </summary>
/// <remarks>
/// <para>
/// Metadata keys, which callers write with whatever buffer class they like, are the keys whose last segment is a
/// Zarr metadata document: <c>zarr.json</c> (v3 array and group metadata, consolidated or not) or <c>.zarray</c>,
/// <c>.zattrs</c>, <c>.zgroup</c>, <c>.zmetadata</c> (v2); every other key is chunk data. zarr-python instead exempts
/// every key that contains <c>json</c>, which also exempts the chunks of an array at, say, <c>geojson/arr</c> and lets
/// their bugs through; the v2 names are exempt here because the array layer reads and writes v2 metadata through the
/// store with the default prototype.
/// </para>
/// <para>
/// For chunk keys, <see cref="SetAsync"/> and <see cref="SetIfNotExistsAsync"/> reject a value that is not a
/// <see cref="TestBuffer"/>, and <see cref="GetAsync"/> rejects a prototype whose buffer class is not
/// <see cref="TestBuffer"/>, with an <see cref="UnexpectedBufferTypeException"/> naming the key and both classes; a
/// rejected write stores nothing. These are checks of the arguments, so they throw at the call (see
/// <see cref="IStore"/>). Everything else behaves as <see cref="MemoryStore"/>'s.
/// </para>
/// </remarks>
public class StoreExpectingTestBuffer : MemoryStore
{
    /// <summary>Makes a store over <paramref name="storeDict"/>, or over a new dictionary.</summary>
    /// <param name="storeDict">The dictionary to use by reference, or null for a new one.</param>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    public StoreExpectingTestBuffer(IDictionary<string, Buffer>? storeDict = null, bool readOnly = false)
        : base(storeDict, readOnly)
    {
    }

    /// <inheritdoc />
    /// <returns>A new, not yet open <see cref="StoreExpectingTestBuffer"/> over the same dictionary.</returns>
    public override StoreExpectingTestBuffer WithReadOnly(bool readOnly = false) => new StoreExpectingTestBuffer(StoreDict, readOnly);

    /// <inheritdoc />
    /// <exception cref="UnexpectedBufferTypeException"><paramref name="key"/> is a chunk key and <paramref name="prototype"/> does not make <see cref="TestBuffer"/>s.</exception>
    public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(prototype);
        if (!IsMetadata(key) && prototype.Buffer.BufferType != typeof(TestBuffer))
        {
            throw UnexpectedBufferTypeException.ForRead($"{nameof(StoreExpectingTestBuffer)}.{nameof(GetAsync)}", key, typeof(TestBuffer), prototype.Buffer.BufferType);
        }

        return base.GetAsync(key, prototype, byteRange, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="UnexpectedBufferTypeException"><paramref name="key"/> is a chunk key and <paramref name="value"/> is not a <see cref="TestBuffer"/>.</exception>
    public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ThrowIfNotTestBuffer(nameof(SetAsync), key, value);
        return base.SetAsync(key, value, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="UnexpectedBufferTypeException"><paramref name="key"/> is a chunk key and <paramref name="value"/> is not a <see cref="TestBuffer"/>.</exception>
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ThrowIfNotTestBuffer(nameof(SetIfNotExistsAsync), key, value);
        return base.SetIfNotExistsAsync(key, value, cancellationToken);
    }

    private static bool IsMetadata(string key) =>
        key.AsSpan(key.LastIndexOf('/') + 1) is "zarr.json" or ".zarray" or ".zattrs" or ".zgroup" or ".zmetadata";

    private static void ThrowIfNotTestBuffer(string operation, string key, Buffer value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!IsMetadata(key) && value is not TestBuffer)
        {
            throw new UnexpectedBufferTypeException($"{nameof(StoreExpectingTestBuffer)}.{operation}", key, typeof(TestBuffer), value.GetType());
        }
    }
}
