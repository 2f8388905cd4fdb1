namespace Zarr.Testing;

/// <summary>
/// <see cref="StoreExpectingTestBuffer"/> was handed a buffer, or asked for buffers, of a class other than
/// <see cref="TestBuffer"/> for a chunk key: the calling code made a buffer without the <c>BufferPrototype</c> it was
/// given. The message names the key, the expected and the actual class.
/// </summary>
public sealed class UnexpectedBufferTypeException : InvalidOperationException
{
    /// <summary>An exception with a generic message.</summary>
    public UnexpectedBufferTypeException()
        : base("A buffer of an unexpected class reached the store.")
    {
    }

    /// <summary>An exception with the given message.</summary>
    /// <param name="message">What was wrong.</param>
    public UnexpectedBufferTypeException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the given message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UnexpectedBufferTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception for <paramref name="key"/>, naming both classes.</summary>
    /// <param name="operation">The store member that was called, for example <c>SetAsync</c>.</param>
    /// <param name="key">The key of the call.</param>
    /// <param name="expectedType">The buffer class the store expected.</param>
    /// <param name="actualType">The buffer class it got.</param>
    public UnexpectedBufferTypeException(string operation, string key, Type expectedType, Type actualType)
        : base($"{operation}('{key}') got a {actualType?.Name} where a {expectedType?.Name} was expected: the caller made the buffer "
            + "without the BufferPrototype it was handed (only metadata keys, whose last segment is zarr.json, .zarray, .zattrs, "
            + ".zgroup or .zmetadata, may use any buffer class).")
    {
        Key = key;
        ExpectedType = expectedType;
        ActualType = actualType;
    }

    /// <summary>The key of the offending call, or null when the exception was made without one.</summary>
    public string? Key { get; }

    /// <summary>The buffer class the store expected.</summary>
    public Type? ExpectedType { get; }

    /// <summary>The buffer class it got.</summary>
    public Type? ActualType { get; }
}
