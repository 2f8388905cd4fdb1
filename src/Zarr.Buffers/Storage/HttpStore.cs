using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// A read-only store over HTTP(S) (zarr-python's <c>FsspecStore</c> over <c>http://</c>, zarrs' HTTP store): the value
/// of key <c>a/b</c> is the body of <c>GET {baseUri}/a/b</c>, each path segment URL-escaped.
/// </summary>
/// <remarks>
/// <para>
/// The <see cref="HttpClient"/> comes from the caller, who owns it (and its handler, timeout, proxy and credentials);
/// the store never disposes it. With <c>IHttpClientFactory</c>, pass <c>factory.CreateClient(name)</c>: the core
/// library does not depend on <c>Microsoft.Extensions.Http</c>.
/// </para>
/// <para>
/// Reads: a byte range is sent as a <c>Range</c> header (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>) and
/// the answer follows <see cref="ByteRequest.Resolve"/>, as every store does. A <c>206</c> must carry a
/// <c>Content-Range</c> that matches the request and a body of exactly that length, else the read fails with
/// <see cref="InvalidDataException"/>; a <c>200</c> (a server that ignores <c>Range</c>) is sliced, reading no more of
/// it than the range needs; a <c>416</c> (the range starts past the end) is an empty buffer, as a range past the end is
/// in every store. A request of no bytes is an existence check. <c>404</c> and <c>410</c> are a missing key;
/// every other failure status, <c>403</c> included, is an error, as in zarr-python's <c>FsspecStore</c>.
/// </para>
/// <para>
/// Transient failures are retried with exponential backoff and jitter (see <see cref="HttpStoreOptions"/>).
/// <see cref="ExistsAsync"/> and <see cref="GetSizeAsync"/> send <c>HEAD</c>, or a one-byte <c>GET</c> when the
/// server answers <c>405</c>. The store cannot list (HTTP has no listing), so listing, <c>IsEmptyAsync</c>,
/// <c>GetSizePrefixAsync</c> and every write fail: writes with <see cref="ReadOnlyStoreException"/>, the rest with
/// <see cref="NotSupportedException"/>. <see cref="Store.GetRangesAsync"/> sends its coalesced ranged requests, and
/// <see cref="GetPartialValuesAsync"/> its requests, concurrently, ten at a time.
/// </para>
/// </remarks>
public sealed class HttpStore : Store, IEquatable<HttpStore>
{
    private static readonly HashSet<HttpStatusCode> s_transient =
    [
        HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    private readonly HttpClient _client;

    /// <summary>Makes a read-only store over the URL <paramref name="baseUri"/>, not yet open.</summary>
    /// <param name="client">Sends the requests; owned by the caller, who disposes it.</param>
    /// <param name="baseUri">The store root: an absolute <c>http</c> or <c>https</c> URL without query or fragment; a missing final <c>/</c> is added.</param>
    /// <param name="options">Retries and limits; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="baseUri"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseUri"/> is not an absolute http(s) URL, or has a query or fragment.</exception>
    public HttpStore(HttpClient client, Uri baseUri, HttpStoreOptions? options = null)
        : base(readOnly: true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseUri);
        _client = client;
        BaseUri = Root(baseUri);
        Options = options ?? new HttpStoreOptions();
    }

    /// <summary>The store root, ending with <c>/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The retry and limit settings.</summary>
    public HttpStoreOptions Options { get; }

    /// <inheritdoc />
    public override bool SupportsWrites => false;

    /// <inheritdoc />
    public override bool SupportsDeletes => false;

    /// <inheritdoc />
    public override bool SupportsListing => false;

    /// <inheritdoc />
    /// <returns>A new, not yet open store over the same URL, client and options.</returns>
    /// <exception cref="NotSupportedException"><paramref name="readOnly"/> is <see langword="false"/>: an HTTP store cannot write.</exception>
    public override HttpStore WithReadOnly(bool readOnly = false) => readOnly
        ? new HttpStore(_client, BaseUri, Options)
        : throw new NotSupportedException($"{this} is read-only: HttpStore cannot make a writable copy.");

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, or has a <c>.</c> or <c>..</c> segment, which a URL would collapse.</exception>
    /// <exception cref="InvalidDataException">The server answered the range with a <c>Content-Range</c> or body that does not match it, or sent more than <see cref="HttpStoreOptions.MaxValueBytes"/>.</exception>
    /// <exception cref="HttpRequestException">The server answered with a failure status other than 404 or 410, or failed transiently on every attempt.</exception>
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(prototype);
        cancellationToken.ThrowIfCancellationRequested();
        MarkOpen();
        if (byteRange is RangeByteRequest { Start: var start, End: var end } && start == end || byteRange is SuffixByteRequest { Suffix: 0 })
        {
            // HTTP cannot ask for no bytes; the answer is empty whenever the key exists.
            return await ExistsAsync(key, cancellationToken).ConfigureAwait(false) ? prototype.Buffer.CreateZeroLength() : null;
        }

        Memory<byte>? bytes = await SendAsync(HttpMethod.Get, key, byteRange,
            (response, token) => HttpRangeReader.ReadAsync(response, byteRange, Options.MaxValueBytes, Describe(key), token),
            cancellationToken).ConfigureAwait(false);
        return bytes is { } value ? prototype.Buffer.FromArrayLike(value) : null;
    }

    /// <inheritdoc />
    /// <remarks>The reads run concurrently, ten at a time; the results keep the input order.</remarks>
    /// <exception cref="ArgumentException">A key is invalid, or has a <c>.</c> or <c>..</c> segment.</exception>
    /// <exception cref="InvalidDataException">The server answered a range with a <c>Content-Range</c> or body that does not match it.</exception>
    /// <exception cref="HttpRequestException">The server answered with a failure status other than 404 or 410, or failed transiently on every attempt.</exception>
    public override Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default) =>
        GetPartialValuesConcurrentlyAsync(prototype, keyRanges, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, or has a <c>.</c> or <c>..</c> segment.</exception>
    /// <exception cref="HttpRequestException">The server answered with a failure status other than 404 or 410, or failed transiently on every attempt.</exception>
    public override async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        return await ProbeAsync(key, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, or has a <c>.</c> or <c>..</c> segment.</exception>
    /// <exception cref="InvalidDataException">The server did not say the length (no <c>Content-Length</c> or <c>Content-Range</c> total).</exception>
    /// <exception cref="HttpRequestException">The server answered with a failure status other than 404 or 410, or failed transiently on every attempt.</exception>
    public override async ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        long? length = await ProbeAsync(key, cancellationToken).ConfigureAwait(false) ?? throw KeyNotFound(key);
        return length >= 0 ? length.Value : throw new InvalidDataException($"{Describe(key)}: the server did not send the value's length.");
    }

    /// <inheritdoc />
    /// <exception cref="ReadOnlyStoreException">Always: an HTTP store is read-only.</exception>
    public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(Refuse(key, cancellationToken));
    }

    /// <inheritdoc />
    /// <exception cref="ReadOnlyStoreException">Always: an HTTP store is read-only.</exception>
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(Refuse(key, cancellationToken));
    }

    /// <inheritdoc />
    /// <exception cref="ReadOnlyStoreException">Always: an HTTP store is read-only.</exception>
    public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) => new(Refuse(key, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always, when enumerated: HTTP has no listing.</exception>
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) => ListingUnsupportedAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always, when enumerated: HTTP has no listing.</exception>
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListingUnsupportedAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always, when enumerated: HTTP has no listing.</exception>
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListingUnsupportedAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="other"/> reads the same root URL, whatever its client and options.</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both roots are the same URL.</returns>
    public bool Equals(HttpStore? other) => other is not null && other.BaseUri == BaseUri;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HttpStore);

    /// <summary>A hash of the root URL.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => BaseUri.GetHashCode();

    /// <summary>The store root URL.</summary>
    /// <returns>For example <c>https://example.org/data/array.zarr/</c>.</returns>
    public override string ToString() => BaseUri.AbsoluteUri;

    /// <summary>The URL of <paramref name="key"/>: the root followed by the key's segments, each URL-escaped.</summary>
    /// <param name="key">A valid key.</param>
    /// <returns>The absolute URL.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is invalid.</exception>
    public Uri UriOf(string key)
    {
        ValidateKey(key);
        return new Uri(BaseUri, string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is invalid, or has a <c>.</c> or <c>..</c> segment, which a URL would collapse.</exception>
    protected override void ValidateKey(string key)
    {
        base.ValidateKey(key);
        if (key.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"An HTTP store key must not have a '.' or '..' segment, got '{MessageText.Bounded(key)}'.", nameof(key));
        }
    }

    private static Uri Root(Uri baseUri)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"An HttpStore needs an absolute http or https URL, got '{MessageText.Bounded(baseUri.OriginalString)}'.", nameof(baseUri));
        }

        if (baseUri.Query.Length > 0 || baseUri.Fragment.Length > 0)
        {
            throw new ArgumentException($"An HttpStore root must not have a query or fragment, got '{MessageText.Bounded(baseUri.OriginalString)}'.", nameof(baseUri));
        }

        return baseUri.AbsolutePath.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
    }

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.NameResolutionError } => true,
        IOException => true,
        // HttpClient.Timeout cancels without the caller's token.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The faulted task of a write: cancelled when the token is, else <see cref="ReadOnlyStoreException"/>.</summary>
    private Task<bool> Refuse(string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<bool>(cancellationToken)
            : Task.FromException<bool>(ReadOnlyStoreException.For(this, key));
    }

    private string Describe(string key) => $"'{MessageText.Bounded(key)}' in {this}";

    /// <summary>Whether the key exists and its length: null when missing, -1 when the server did not say.</summary>
    private async Task<long?> ProbeAsync(string key, CancellationToken cancellationToken)
    {
        MarkOpen();
        long? length = await SendAsync(HttpMethod.Head, key, null, (response, _) => Task.FromResult(HttpRangeReader.ProbeLength(response, head: true, Describe(key))),
            cancellationToken).ConfigureAwait(false);
        return length != HttpRangeReader.MethodNotAllowed
            ? length
            : await SendAsync(HttpMethod.Get, key, new RangeByteRequest(0, 1), (response, _) => Task.FromResult(HttpRangeReader.ProbeLength(response, head: false, Describe(key))),
                cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request until the answer is not transient or the attempts run out, and hands every other answer to
    /// <paramref name="handle"/>; 404 and 410 give <see langword="default"/>, other failure statuses throw.
    /// </summary>
    private async Task<T?> SendAsync<T>(HttpMethod method, string key, ByteRequest? byteRange,
        Func<HttpResponseMessage, CancellationToken, Task<T?>> handle, CancellationToken cancellationToken)
    {
        Uri uri = UriOf(key);
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(method, uri);
                request.Headers.Range = HttpRangeReader.RangeHeader(byteRange);
                using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
                if (!s_transient.Contains(response.StatusCode))
                {
                    return response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone
                        ? default
                        : await handle(response, cancellationToken).ConfigureAwait(false);
                }

                if (attempt >= Options.MaxAttempts)
                {
                    throw new HttpRequestException(
                        $"{method} {Describe(key)} failed with {(int)response.StatusCode} {response.ReasonPhrase} on all {attempt} attempts.",
                        null, response.StatusCode);
                }

                wait = RetryAfter(response) ?? Backoff(attempt);
            }
            catch (Exception exception) when (attempt < Options.MaxAttempts && IsTransient(exception, cancellationToken))
            {
                wait = Backoff(attempt);
            }

            await Task.Delay(wait, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before retry number <paramref name="retry"/>: between half and all of base * 2^(retry-1), capped.</summary>
    private TimeSpan Backoff(int retry)
    {
        double ceiling = Math.Min(Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1), Options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date - Options.TimeProvider.GetUtcNow());
        return wait is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, Options.MaxRetryDelay.Ticks)) : null;
    }

    private async IAsyncEnumerable<string> ListingUnsupportedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (string key in ThrowListingUnsupported())
        {
            yield return key;
        }
    }

    private string[] ThrowListingUnsupported() =>
        throw new NotSupportedException($"{this} cannot list keys: HttpStore does not support listing (HTTP has no listing).");
}
