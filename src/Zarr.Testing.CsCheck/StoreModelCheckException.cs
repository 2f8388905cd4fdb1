namespace Zarr.Testing.CsCheck;

/// <summary>
/// A store failed a <see cref="StoreModelCheck"/>: the message names the check, and <see cref="ShrunkCase"/> holds the
/// shrunk operation sequence with the store's and the model's state after it, and <see cref="Seed"/> the seed that
/// replays it.
/// </summary>
public sealed class StoreModelCheckException : Exception
{
    /// <summary>An exception with a generic message.</summary>
    public StoreModelCheckException()
        : base("A store model check failed.")
    {
    }

    /// <summary>An exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public StoreModelCheckException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">CsCheck's report of the shrunk failure.</param>
    public StoreModelCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception for a failure of the check named <paramref name="check"/>.</summary>
    /// <param name="check">The name of the failed check: <c>RunAsync</c> or <c>RunParallelAsync</c>.</param>
    /// <param name="shrunkCase">The shrunk operation sequence, with the store's and the model's state after it.</param>
    /// <param name="seed">The CsCheck seed that replays the failure, or null.</param>
    /// <param name="innerException">CsCheck's report of the shrunk failure, if any.</param>
    public StoreModelCheckException(string check, string shrunkCase, string? seed, Exception? innerException)
        : base($"{check}: the store disagreed with the dictionary model. Replay with seed {seed ?? "(none)"}.\nShrunk case: {shrunkCase}", innerException)
    {
        Check = check;
        ShrunkCase = shrunkCase;
        Seed = seed;
    }

    /// <summary>The name of the failed check, or null when the exception was made without one.</summary>
    public string? Check { get; }

    /// <summary>The shrunk operation sequence and the states it ended in, as CsCheck printed them; null when the exception was made without one.</summary>
    public string? ShrunkCase { get; }

    /// <summary>The seed that replays the failure (pass it as the check's <c>seed</c>), or null.</summary>
    public string? Seed { get; }
}
