namespace Zarr.Testing.CsCheck;

/// <summary>
/// A codec failed a <see cref="CodecConformance"/> check: the message names the check and the codec, what was expected
/// and what came back, the shrunk input (chunk spec and data) and the seed that replays it.
/// </summary>
public sealed class CodecConformanceException : Exception
{
    /// <summary>An exception with a generic message.</summary>
    public CodecConformanceException()
        : base("A codec conformance check failed.")
    {
    }

    /// <summary>An exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public CodecConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The failure of the shrunk case.</param>
    public CodecConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception for a failure of the check named <paramref name="check"/>.</summary>
    /// <param name="check">The name of the failed check, for example <c>RoundTripsBitForBit</c>.</param>
    /// <param name="message">What was expected and what came back, with the shrunk input.</param>
    /// <param name="seed">The CsCheck seed that replays the failure, or null.</param>
    /// <param name="innerException">The failure of the shrunk case, if any.</param>
    public CodecConformanceException(string check, string message, string? seed, Exception? innerException)
        : base($"{check}: {message}", innerException)
    {
        Check = check;
        Seed = seed;
    }

    /// <summary>The name of the failed check, or null when the exception was made without one.</summary>
    public string? Check { get; }

    /// <summary>The seed that replays the failure (<see cref="CodecConformance.Seed"/> or <c>CsCheck_Seed</c>), or null.</summary>
    public string? Seed { get; }
}
