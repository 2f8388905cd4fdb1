using Zarr.Buffers.Internal;

namespace Zarr.Testing;

/// <summary>
/// <see cref="StoreExpectingTestBuffer"/> was handed a buffer, or asked for buffers, of a class other than
/// <see cref="TestBuffer"/> for a chunk key: the calling code made a buffer without the <c>BufferPrototype</c> it was
/// given. The message names the key, the expected and the actual class.
/// </summary>
public sealed class UnexpectedBufferTypeException : InvalidOperationException
{
    private const string MetadataExemption = " (only metadata keys, whose last segment is zarr.json, .zarray, .zattrs, "
        + ".zgroup or .zmetadata, may use any buffer class).";

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

    /// <summary>An exception for a write of <paramref name="key"/> handed a buffer of the wrong class, naming both classes.</summary>
    /// <param name="operation">The store member that was called, for example <c>SetAsync</c>.</param>
    /// <param name="key">The key of the call.</param>
    /// <param name="expectedType">The buffer class the store expected.</param>
    /// <param name="actualType">The buffer class it got.</param>
    public UnexpectedBufferTypeException(string operation, string key, Type expectedType, Type actualType)
        : this(key, expectedType, actualType, $"{operation}('{MessageText.Bounded(key)}') got a {actualType?.Name} where a {expectedType?.Name} was expected: "
            + "the caller made the buffer without the BufferPrototype it was handed" + MetadataExemption)
    {
    }

    private UnexpectedBufferTypeException(string key, Type? expectedType, Type? actualType, string message)
        : base(message)
    {
        Key = key;
        ExpectedType = expectedType;
        ActualType = actualType;
    }

    /// <summary>
    /// An exception for a read of <paramref name="key"/> that asked for buffers of the wrong class, naming the class the
    /// caller asked for and the one expected; nothing was made, so the message does not say the caller made a buffer.
    /// </summary>
    /// <param name="operation">The store member that was called, for example <c>GetAsync</c>.</param>
    /// <param name="key">The key of the call.</param>
    /// <param name="expectedType">The buffer class the store expected to be asked for.</param>
    /// <param name="requestedType">The buffer class of the prototype the caller passed.</param>
    /// <returns>The exception, with <see cref="ActualType"/> set to <paramref name="requestedType"/>.</returns>
    public static UnexpectedBufferTypeException ForRead(string operation, string key, Type expectedType, Type requestedType) =>
        new(key, expectedType, requestedType, $"{operation}('{MessageText.Bounded(key)}') asked for a {requestedType?.Name} (the buffer class of the prototype "
            + $"it was passed) where a {expectedType?.Name} was expected: the caller read with a BufferPrototype other than the one it was handed"
            + MetadataExemption);

    /// <summary>The key of the offending call, or null when the exception was made without one.</summary>
    public string? Key { get; }

    /// <summary>The buffer class the store expected.</summary>
    public Type? ExpectedType { get; }

    /// <summary>The buffer class it got, or on a read (see <see cref="ForRead"/>) the class the caller asked for.</summary>
    public Type? ActualType { get; }
}
