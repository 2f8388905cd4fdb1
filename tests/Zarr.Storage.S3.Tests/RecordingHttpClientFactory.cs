using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Zarr.Storage.S3.Tests;

/// <summary>
/// Gives the SDK an <see cref="HttpClient"/> that records every request (method, query and any <c>If-None-Match</c>) and how many were in flight at
/// once. With <see cref="HoldUntilInFlight"/> set, each request waits until that many are in flight (or
/// <see cref="HoldTimeout"/> passes) before it is sent: a store that sends one request at a time never gets there, so
/// the peak shows concurrency without measuring time. With <see cref="HoldForever"/> each request waits for its
/// cancellation.
/// </summary>
public sealed class RecordingHttpClientFactory : HttpClientFactory, IDisposable
{
    private readonly RecordingHandler _handler;

    public RecordingHttpClientFactory() => _handler = new RecordingHandler(this);

    public int HoldUntilInFlight { get; set; }

    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool HoldForever { get; set; }

    /// <summary>The <see cref="HttpClient.Timeout"/> of the clients made; null for HttpClient's default.</summary>
    public TimeSpan? ClientTimeout { get; set; }

    public int PeakInFlight => _handler.Peak;

    public ConcurrentQueue<string> Requests { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var client = new HttpClient(_handler, disposeHandler: false);
        if (ClientTimeout is { } timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public void Dispose() => _handler.Dispose();

    private sealed class RecordingHandler(RecordingHttpClientFactory owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string condition = request.Headers.IfNoneMatch.Count > 0 ? $" If-None-Match: {request.Headers.IfNoneMatch}" : "";
            owner.Requests.Enqueue($"{request.Method} {request.RequestUri?.Query}{condition}");
            int now = Interlocked.Increment(ref _inFlight);
            try
            {
                int peak;
                while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
                {
                }

                if (owner.HoldForever)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                if (owner.HoldUntilInFlight > 0)
                {
                    if (now >= owner.HoldUntilInFlight)
                    {
                        _enough.TrySetResult();
                    }

                    await _enough.Task.WaitAsync(owner.HoldTimeout, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
