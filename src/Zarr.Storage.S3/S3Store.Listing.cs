using System.Runtime.CompilerServices;
using Amazon.S3.Model;

namespace Zarr.Storage.S3;

/// <content>Listings (ListObjectsV2, paginated) and the directory size.</content>
public sealed partial class S3Store
{
    /// <inheritdoc />
    /// <remarks>
    /// Every object under the store's prefix, 1000 per <c>ListObjectsV2</c> request, except folder markers (objects
    /// whose key ends with <c>/</c>, which other tools write): they are no keys, and listings and sizes skip them.
    /// </remarks>
    /// <exception cref="IOException">A listing request failed; the message names the bucket and prefix.</exception>
    /// <exception cref="InvalidDataException">The server answered a truncated page without a continuation token.</exception>
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) => ListKeysAsync("", cancellationToken);

    /// <inheritdoc />
    /// <remarks>A plain string prefix, as S3's own <c>Prefix</c>: <c>a/b</c> lists <c>a/bc</c> as well as <c>a/b/x</c>.</remarks>
    /// <exception cref="IOException">A listing request failed; the message names the bucket and prefix.</exception>
    /// <exception cref="InvalidDataException">The server answered a truncated page without a continuation token.</exception>
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListKeysAsync(prefix, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks><c>ListObjectsV2</c> with the delimiter <c>/</c>: the objects of the directory and its common prefixes, each once.</remarks>
    /// <exception cref="IOException">A listing request failed; the message names the bucket and prefix.</exception>
    /// <exception cref="InvalidDataException">The server answered a truncated page without a continuation token.</exception>
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListChildrenAsync(S3Names.AsDirectory(prefix), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Sums the sizes the listing reports, without a request per key.</remarks>
    /// <exception cref="IOException">A listing request failed; the message names the bucket and prefix.</exception>
    /// <exception cref="InvalidDataException">The server answered a truncated page without a continuation token.</exception>
    public override async Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        long total = 0;
        await foreach (ListObjectsV2Response page in ListPagesAsync(S3Names.AsDirectory(prefix), delimiter: null, cancellationToken).ConfigureAwait(false))
        {
            total += page.S3Objects?.Where(IsKey).Sum(o => o.Size ?? 0) ?? 0;
        }

        return total;
    }

    private async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (ListObjectsV2Response page in ListPagesAsync(prefix, delimiter: null, cancellationToken).ConfigureAwait(false))
        {
            foreach (S3Object item in (page.S3Objects ?? []).Where(IsKey))
            {
                yield return item.Key[Prefix.Length..];
            }
        }
    }

    /// <summary>Whether the object holds a key: not a folder marker (<c>dir/</c>, or the prefix's own) that other tools write.</summary>
    private static bool IsKey(S3Object item) => !item.Key.EndsWith('/');

    private async IAsyncEnumerable<string> ListChildrenAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int start = Prefix.Length + directory.Length;
        await foreach (ListObjectsV2Response page in ListPagesAsync(directory, delimiter: "/", cancellationToken).ConfigureAwait(false))
        {
            IEnumerable<string> names = (page.S3Objects ?? []).Select(o => o.Key[start..])
                .Concat((page.CommonPrefixes ?? []).Select(p => p[start..].TrimEnd('/')));
            foreach (string name in names.Where(name => name.Length > 0))
            {
                yield return name;
            }
        }
    }

    /// <summary>The pages of <c>ListObjectsV2</c> for the store-relative <paramref name="prefix"/>, each request with the caller's token.</summary>
    private async IAsyncEnumerable<ListObjectsV2Response> ListPagesAsync(string prefix, string? delimiter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MarkOpen();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = Prefix + prefix, Delimiter = delimiter };
        while (true)
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsSdkFailure(e))
            {
                throw Failure("ListObjectsV2", prefix, e);
            }

            yield return page;
            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = string.IsNullOrEmpty(page.NextContinuationToken)
                ? throw new InvalidDataException($"S3 ListObjectsV2 of s3://{Bucket}/{Prefix + prefix} answered a truncated page without a continuation token.")
                : page.NextContinuationToken;
        }
    }
}
