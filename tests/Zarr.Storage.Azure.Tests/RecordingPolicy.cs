using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Zarr.Storage.Azure.Tests;

/// <summary>
/// A pipeline policy that records every request the SDK sends and how many are in flight at once; it can hold requests
/// at a gate until enough are in flight together (showing concurrency without timing), or until their call is cancelled.
/// </summary>
internal sealed class RecordingPolicy : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _retries;
    private int _maxInFlight;
    private int _gateWidth;
    private RequestMethod? _gateMethod;
    private Func<Task>? _afterFirstHead;
    private Func<Task>? _beforeFirstPost;

    /// <summary>
    /// Each request the store made, as <c>METHOD path?query</c> and, when it has them, its range and conditions. The SDK's
    /// own retries of a request (a slow or failing Azurite on a loaded machine) are counted in <see cref="Retries"/> instead.
    /// </summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>How many times the SDK sent a request again.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>The most requests that were in flight at once (of the gate's method, once a gate is set).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Signalled when a request reaches the policy while <see cref="HoldUntilCancelled"/> is set.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs once, after the first <c>HEAD</c> is answered and before its answer goes back to the caller.</summary>
    public Func<Task>? AfterFirstHead
    {
        set => _afterFirstHead = value;
    }

    /// <summary>Runs once, before the first <c>POST</c> (a batch) is sent.</summary>
    public Func<Task>? BeforeFirstPost
    {
        set => _beforeFirstPost = value;
    }

    /// <summary>Holds every request (of <see cref="HoldOnly"/>, when set) until its call's token is cancelled: a request that is never cancelled never ends.</summary>
    public bool HoldUntilCancelled { get; set; }

    /// <summary>The only method whose requests <see cref="HoldUntilCancelled"/> holds; null for every request.</summary>
    public RequestMethod? HoldOnly { get; set; }

    /// <summary>
    /// Holds requests of <paramref name="method"/> until <paramref name="width"/> of them are in flight together; from then on
    /// the gate stays open. Other requests (a listing that feeds deletes, say) pass and are not counted.
    /// </summary>
    public void OpenWhenInFlight(RequestMethod method, int width)
    {
        _gateMethod = method;
        Volatile.Write(ref _gateWidth, width);
    }

    /// <summary>Forgets the requests so far (the setup's).</summary>
    public void Clear()
    {
        _requests.Clear();
        Volatile.Write(ref _maxInFlight, 0);
        Volatile.Write(ref _retries, 0);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.ProcessingContext.RetryNumber == 0)
        {
            _requests.Enqueue(Describe(message.Request));
        }
        else
        {
            Interlocked.Increment(ref _retries);
        }

        if (_gateMethod is { } gated && message.Request.Method != gated)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        int inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            RaiseMax(inFlight);
            await WaitAtGateAsync(message, inFlight);
            if (message.Request.Method == RequestMethod.Post && Interlocked.Exchange(ref _beforeFirstPost, null) is { } beforeFirstPost)
            {
                await beforeFirstPost();
            }

            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Head && Interlocked.Exchange(ref _afterFirstHead, null) is { } afterFirstHead)
            {
                await afterFirstHead();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The store under test makes only asynchronous calls.");

    private static string Describe(Request request)
    {
        string text = $"{request.Method} {request.Uri.Path}{request.Uri.Query}";
        foreach (string header in new[] { "x-ms-range", "If-Match", "If-None-Match" })
        {
            if (request.Headers.TryGetValue(header, out string? value))
            {
                text += $" {header}: {value}";
            }
        }

        return text;
    }

    private void RaiseMax(int inFlight)
    {
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
        {
        }
    }

    private async Task WaitAtGateAsync(HttpMessage message, int inFlight)
    {
        if (HoldUntilCancelled && (HoldOnly is null || message.Request.Method == HoldOnly))
        {
            Held.TrySetResult();
            await Task.Delay(Timeout.Infinite, message.CancellationToken);
        }

        int width = Volatile.Read(ref _gateWidth);
        if (width > 0)
        {
            if (inFlight >= width)
            {
                _gate.TrySetResult();
            }

            await _gate.Task.WaitAsync(message.CancellationToken);
        }
    }
}
