using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Zarr.Buffers;

namespace Zarr.Storage;

/// <summary>
/// A store that keeps its values in a dictionary in memory (zarr-python's <c>MemoryStore</c>).
/// </summary>
/// <remarks>
/// <para>
/// The store owns its values: a write stores a copy of the caller's bytes (same buffer class), so changing
/// the caller's memory afterwards changes nothing stored. A read returns a buffer of the caller's prototype
/// class over the stored memory without copying it (the stored buffer itself when it already has that class and the
/// whole value is read); treat read results as read-only, since writing into one would write into the store.
/// </para>
/// <para>
/// Thread safety: every member is safe under concurrent readers and writers. Without a <c>storeDict</c> the store
/// makes a <see cref="Dictionary{TKey, TValue}"/> with ordinal keys, as zarr-python's is a <c>dict</c>; the store locks
/// on the dictionary around each access (a caller's dictionary the same way), so access through this store and its
/// <see cref="WithReadOnly"/> copies is safe, and code that touches <see cref="StoreDict"/> directly must take the
/// same lock (<c>lock (store.StoreDict)</c>) while a store may be in use. A caller's
/// <see cref="ConcurrentDictionary{TKey, TValue}"/> is used without the lock: reads then never wait for one another,
/// where the default's serialise on the lock.
/// </para>
/// <para>
/// Why a locked <see cref="Dictionary{TKey, TValue}"/> by default: it keeps its entries in one array in the order
/// they were added, where a concurrent dictionary allocates a node per entry, so a get costs one memory access fewer:
/// with a million 100-byte values, a get took about half the time, on one thread and with two threads getting at once
/// (<c>docs/benchmarks.md</c>, "MemoryStore over a Dictionary"). A store that many threads read at the same time with
/// little else to do may still prefer a <see cref="ConcurrentDictionary{TKey, TValue}"/>: pass one.
/// </para>
/// <para>
/// Listings work on a snapshot of the keys, so deleting while enumerating is safe. <see cref="ListPrefixAsync"/>
/// is a plain string prefix (<c>"0"</c> matches <c>0/zarr.json</c> and <c>0_c/zarr.json</c>), as in zarr-python.
/// </para>
/// <para>
/// Deliberate differences from zarr-python: <see cref="Store.ClearAsync"/> refuses on a read-only store
/// (zarr-python's MemoryStore clears the shared dictionary anyway); equal stores have the same type, the same
/// <see cref="Store.ReadOnly"/> and equal contents, and the hash ignores the contents so that it stays stable while
/// they change.
/// </para>
/// <para>Every member is virtual so that testing doubles (for example <c>StoreExpectingTestBuffer</c>) can subclass it.</para>
/// </remarks>
public class MemoryStore : Store, IEquatable<MemoryStore>, IScatteredReader
{
    private static readonly ConditionalWeakTable<IDictionary<string, Buffer>, string> s_names = [];
    private static long s_lastName;

    private readonly ConcurrentDictionary<string, Buffer>? _concurrent;

    /// <summary>Makes a store over <paramref name="storeDict"/>, or over a new <see cref="Dictionary{TKey, TValue}"/> with ordinal keys.</summary>
    /// <param name="storeDict">The dictionary to use by reference (shared with the caller), or null for a new one.</param>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    public MemoryStore(IDictionary<string, Buffer>? storeDict = null, bool readOnly = false)
        : base(readOnly)
    {
        StoreDict = storeDict ?? new Dictionary<string, Buffer>(StringComparer.Ordinal);
        _concurrent = StoreDict as ConcurrentDictionary<string, Buffer>;
    }

    /// <summary>
    /// The backing dictionary, shared with the caller that supplied it and with <see cref="WithReadOnly"/>
    /// copies; tests use it to read and write values behind the store's back.
    /// </summary>
    public IDictionary<string, Buffer> StoreDict { get; }

    /// <inheritdoc />
    public override bool SupportsWrites => true;

    /// <inheritdoc />
    public override bool SupportsDeletes => true;

    /// <inheritdoc />
    public override bool SupportsListing => true;

    /// <inheritdoc />
    /// <remarks>
    /// <see langword="true"/> for a <see cref="MemoryStore"/>, whose set stores a copy of the value. <see langword="false"/>
    /// for a subclass, whose own set may keep the caller's buffer, unless it overrides this.
    /// </remarks>
    public override bool CopiesOnSet => GetType() == typeof(MemoryStore);

    /// <inheritdoc />
    /// <returns>A new, not yet open <see cref="MemoryStore"/> over the same dictionary; a subclass that must keep its
    /// type through this (a testing double) overrides it.</returns>
    public override MemoryStore WithReadOnly(bool readOnly = false) => new MemoryStore(StoreDict, readOnly);

    /// <inheritdoc />
    public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(prototype);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<Buffer?>(cancellationToken);
        }

        // A buffer never changes what it wraps, so the stored one, when it is already of the prototype's class, is the
        // same as a new wrapper of its memory, without allocating one or slicing it: the common whole-value get is a
        // dictionary lookup and a type check. Otherwise zarr-python's prototype.buffer.from_buffer(stored[start:stop]);
        // every Buffer is host memory, so wrapping the slice directly is the same thing without the intermediate view.
        if (byteRange is null)
        {
            MarkOpen();
            return new(!TryGetValue(key, out var whole) ? null
                : whole.GetType() == prototype.Buffer.BufferType ? whole : prototype.Buffer.FromArrayLike(whole.AsArrayLike()));
        }

        return new(TryGetSelected(key, byteRange, out _, out var selected) ? prototype.Buffer.FromArrayLike(selected) : null);
    }

    /// <inheritdoc />
    /// <remarks>Copies the stored bytes into <paramref name="destination"/> once; completes synchronously.</remarks>
    public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int?>(cancellationToken);
        }

        if (!TryGetSelected(key, byteRange, out _, out var selected))
        {
            return new((int?)null);
        }

        try
        {
            EnsureFits(key, byteRange, selected.Length, destination);
        }
        catch (ArgumentException e)
        {
            return ValueTask.FromException<int?>(e);
        }

        selected.Span.CopyTo(destination.Span);
        return new(selected.Length);
    }

    /// <inheritdoc />
    bool IScatteredReader.ScattersReads => GetType() == typeof(MemoryStore);

    /// <inheritdoc />
    /// <remarks>Copies the stored bytes into the runs once; completes synchronously.</remarks>
    /// <exception cref="ArgumentException">The key is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<long?> IScatteredReader.GetScatteredAsync(string key, ReadOnlyMemory<nint> addresses, int runLength, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long?>(cancellationToken);
        }

        if (!TryGetSelected(key, null, out _, out var value))
        {
            return new((long?)null);
        }

        if (value.Length == (long)addresses.Length * runLength)
        {
            CopyIntoRuns(value.Span, addresses.Span, runLength);
        }

        return new(value.Length);
    }

    private static unsafe void CopyIntoRuns(ReadOnlySpan<byte> source, ReadOnlySpan<nint> addresses, int runLength)
    {
        for (int run = 0; run < addresses.Length; run++)
        {
            source.Slice(run * runLength, runLength).CopyTo(new Span<byte>((void*)addresses[run], runLength));
        }
    }

    /// <summary>The stored value of <paramref name="key"/> and the bytes <paramref name="byteRange"/> selects of it, or false when it is missing; opens the store.</summary>
    private bool TryGetSelected(string key, ByteRequest? byteRange, [NotNullWhen(true)] out Buffer? stored, out Memory<byte> selected)
    {
        MarkOpen();
        if (!TryGetValue(key, out stored))
        {
            selected = default;
            return false;
        }

        (long start, long length) = byteRange?.Resolve(stored.Length) ?? (0, stored.Length);
        selected = stored.AsArrayLike().Slice((int)start, (int)length);
        return true;
    }

    /// <inheritdoc />
    public override ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<bool>(cancellationToken)
            : new(TryGetValue(key, out _));
    }

    /// <inheritdoc />
    public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (ReadOnlyError(key) is { } readOnly)
        {
            return ValueTask.FromException(readOnly);
        }

        MarkOpen();
        Buffer copy = Copy(value);
        if (_concurrent is not null)
        {
            _concurrent[key] = copy;
        }
        else
        {
            lock (StoreDict)
            {
                StoreDict[key] = copy;
            }
        }

        return default;
    }

    /// <inheritdoc />
    /// <remarks>Atomic: among concurrent calls for one key exactly one stores its value and returns <see langword="true"/>.</remarks>
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        if (ReadOnlyError(key) is { } readOnly)
        {
            return ValueTask.FromException<bool>(readOnly);
        }

        MarkOpen();
        if (_concurrent is not null)
        {
            // Checking first keeps a losing call from copying the value.
            return new(!_concurrent.ContainsKey(key) && _concurrent.TryAdd(key, Copy(value)));
        }

        lock (StoreDict)
        {
            if (StoreDict.ContainsKey(key))
            {
                return new(false);
            }

            StoreDict.Add(key, Copy(value));
            return new(true);
        }
    }

    /// <inheritdoc />
    public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (ReadOnlyError(key) is { } readOnly)
        {
            return ValueTask.FromException(readOnly);
        }

        if (_concurrent is not null)
        {
            _concurrent.TryRemove(key, out _);
        }
        else
        {
            lock (StoreDict)
            {
                StoreDict.Remove(key);
            }
        }

        return default;
    }

    /// <inheritdoc />
    public override Task ClearAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (DeleteError("") is { } error)
        {
            return Task.FromException(error);
        }

        if (_concurrent is not null)
        {
            _concurrent.Clear();
        }
        else
        {
            lock (StoreDict)
            {
                StoreDict.Clear();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        return TryGetValue(key, out Buffer? stored)
            ? ValueTask.FromResult<long>(stored.Length)
            : ValueTask.FromException<long>(KeyNotFound(key));
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (string key in SnapshotKeys())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListPrefixCoreAsync(prefix, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListDirCoreAsync(prefix, cancellationToken);
    }

    /// <summary>Whether <paramref name="other"/> is a store of the same type and read-only state with equal contents.</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both hold the same keys with equal bytes.</returns>
    public virtual bool Equals(MemoryStore? other)
    {
        if (other is null || other.GetType() != GetType() || other.ReadOnly != ReadOnly)
        {
            return false;
        }

        if (ReferenceEquals(other.StoreDict, StoreDict))
        {
            return true;
        }

        KeyValuePair<string, Buffer>[] mine = Snapshot();
        KeyValuePair<string, Buffer>[] theirs = other.Snapshot();
        return mine.Length == theirs.Length
            && Array.TrueForAll(mine, pair => other.TryGetValue(pair.Key, out Buffer? value) && value.Equals(pair.Value));
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MemoryStore);

    /// <summary>A hash of the type and read-only state; it ignores the contents, which may change.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(GetType(), ReadOnly);

    /// <summary>The store's URL, <c>memory://&lt;id&gt;</c>, where the id names the backing dictionary.</summary>
    /// <returns>For example <c>memory://3</c>.</returns>
    public override string ToString() =>
        "memory://" + s_names.GetValue(StoreDict,
            static _ => Interlocked.Increment(ref s_lastName).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Buffer Copy(Buffer value) => value.Factory.FromBytes(value.AsSpan());

    private bool TryGetValue(string key, [MaybeNullWhen(false)] out Buffer value)
    {
        if (_concurrent is not null)
        {
            return _concurrent.TryGetValue(key, out value);
        }

        lock (StoreDict)
        {
            return StoreDict.TryGetValue(key, out value);
        }
    }

    private KeyValuePair<string, Buffer>[] Snapshot()
    {
        if (_concurrent is not null)
        {
            return _concurrent.ToArray();
        }

        lock (StoreDict)
        {
            return [.. StoreDict];
        }
    }

    private string[] SnapshotKeys()
    {
        if (_concurrent is not null)
        {
            return [.. _concurrent.Keys];
        }

        lock (StoreDict)
        {
            return [.. StoreDict.Keys];
        }
    }

    private async IAsyncEnumerable<string> ListPrefixCoreAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (string key in SnapshotKeys())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return key;
            }
        }
    }

    private async IAsyncEnumerable<string> ListDirCoreAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string directory = StoreKey.AsDirectory(prefix.TrimEnd('/'));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in SnapshotKeys())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (key.Length <= directory.Length || !key.StartsWith(directory, StringComparison.Ordinal))
            {
                continue;
            }

            int slash = key.IndexOf('/', directory.Length);
            string child = slash < 0 ? key[directory.Length..] : key[directory.Length..slash];
            if (seen.Add(child))
            {
                yield return child;
            }
        }
    }
}
