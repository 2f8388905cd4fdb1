namespace Zarr.Testing;

/// <summary>
/// What a store under test can do, as its <see cref="StoreHarness{TStore}"/> declares it; a check that needs a
/// capability the harness does not declare is not run (see <see cref="StoreCheck.Requires"/>).
/// </summary>
[Flags]
public enum StoreCapabilities
{
    /// <summary>
    /// Nothing beyond reads, which every store supports. Without <see cref="Writes"/> the store is read-only (an HTTP
    /// store): every check asks the harness for a read-only store and seeds its data through the raw hook.
    /// </summary>
    None = 0,

    /// <summary>Writes (<c>SetAsync</c>, <c>SetIfNotExistsAsync</c>); the store's <c>SupportsWrites</c> must agree.</summary>
    Writes = 1,

    /// <summary>Deletes (<c>DeleteAsync</c>); the store's <c>SupportsDeletes</c> must agree.</summary>
    Deletes = 2,

    /// <summary>Listing (<c>ListAsync</c> and friends, <c>IsEmptyAsync</c>); the store's <c>SupportsListing</c> must agree.</summary>
    Listing = 4,

    /// <summary><c>WithReadOnly</c> makes a copy over the same data instead of throwing <see cref="NotSupportedException"/>.</summary>
    ReadOnlyCopies = 8,

    /// <summary>
    /// <c>SetIfNotExistsAsync</c> is atomic: among concurrent calls for one key exactly one stores its value. A store that
    /// keeps <c>Store</c>'s default (check, then set) is legitimately not atomic and leaves this out
    /// (<c>StoreCapabilities.All &amp; ~StoreCapabilities.AtomicSetIfNotExists</c>); <c>MemoryStore</c> and
    /// <c>LocalStore</c> are atomic, and so are decorators that forward to them.
    /// </summary>
    AtomicSetIfNotExists = 16,

    /// <summary>
    /// <c>ListPrefixAsync</c> matches its prefix as a plain string, as zarr-python's stores and <c>MemoryStore</c> and
    /// <c>LocalStore</c> do: <c>ListPrefixAsync("a/b")</c> lists <c>a/bc</c> as well as <c>a/b/x</c>. A store whose
    /// listing can only walk directories (an object store listing by delimiter, say) lists only <c>a/b/...</c> and
    /// leaves this out; every caller in this library passes prefixes that end with <c>/</c>, which both agree on.
    /// </summary>
    StringPrefixListing = 32,

    /// <summary>
    /// <c>SetAsync</c> of an existing key replaces its value, as in every zarr-python store. A write-once store
    /// (<c>ZipStore</c>: an archive entry cannot be rewritten in place) leaves this out and must refuse such a write with
    /// <see cref="NotSupportedException"/>, keeping the first value; the conformance checks then write each value under
    /// a key of its own, and expect that refusal where they write a key that exists (the random-operations model).
    /// </summary>
    Overwrites = 64,

    /// <summary>Every capability: a fully featured store such as <c>MemoryStore</c> or <c>LocalStore</c>.</summary>
    All = Writes | Deletes | Listing | ReadOnlyCopies | AtomicSetIfNotExists | StringPrefixListing | Overwrites,
}
