namespace Zarr.Storage.S3;

/// <summary>
/// What an <see cref="S3Store"/> may ask of its server beyond the basic S3 API: suffix ranges and conditional writes.
/// Amazon S3 has both (the defaults); some S3-compatible servers lack one or the other, and a store told so works around
/// it as each property says, never silently wrong.
/// </summary>
public sealed record S3StoreOptions
{
    /// <summary>
    /// Whether the server answers <c>Range: bytes=-n</c> with the last <c>n</c> bytes, as S3 does (default
    /// <see langword="true"/>).
    /// </summary>
    /// <remarks>
    /// With <see langword="false"/>, a <see cref="SuffixByteRequest"/> costs two requests: a <c>HEAD</c> for the size and
    /// ETag, then <c>bytes=size-n-</c> with <c>If-Match</c> on that ETag, so a value replaced in between is read again
    /// rather than mixed. s3rver 3.7.1 reads <c>bytes=-n</c> as <c>bytes=0-n</c> and needs <see langword="false"/>.
    /// </remarks>
    public bool SuffixRanges { get; init; } = true;

    /// <summary>
    /// Whether the server honours <c>If-None-Match: *</c> on <c>PUT</c> (S3's conditional write, since 2024), so that
    /// <see cref="S3Store.SetIfNotExistsAsync"/> is atomic (default <see langword="true"/>).
    /// </summary>
    /// <remarks>
    /// With <see langword="false"/>, <see cref="S3Store.SetIfNotExistsAsync"/> checks that the key is missing and then
    /// writes, which is <b>not atomic</b>: of two concurrent calls both may write, and the last one wins. Set it only
    /// for a server that ignores the header (s3rver 3.7.1 does, and overwrites), where the alternative is a write that
    /// always replaces.
    /// </remarks>
    public bool ConditionalWrites { get; init; } = true;
}
