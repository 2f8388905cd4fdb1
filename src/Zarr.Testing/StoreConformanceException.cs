namespace Zarr.Testing;

/// <summary>
/// A store failed a conformance check: the message names the check, the key and byte range involved, what was
/// expected and what came back.
/// </summary>
public sealed class StoreConformanceException : Exception
{
    /// <summary>An exception with a generic message.</summary>
    public StoreConformanceException()
        : base("A store conformance check failed.")
    {
    }

    /// <summary>An exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public StoreConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The exception the store threw, when the failure is an unexpected exception.</param>
    public StoreConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception for a failure of the check named <paramref name="check"/>.</summary>
    /// <param name="check">The name of the failed check, for example <c>GetReturnsTheRequestedBytes</c>.</param>
    /// <param name="message">What was expected and what came back.</param>
    /// <param name="innerException">The exception the store threw, if any.</param>
    public StoreConformanceException(string check, string message, Exception? innerException)
        : base($"{check}: {message}", innerException)
    {
        Check = check;
    }

    /// <summary>The name of the failed check, or null when the exception was made without one.</summary>
    public string? Check { get; }
}
