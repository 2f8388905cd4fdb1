using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// A write (set, delete, clear) on a store opened read-only (zarr-python raises
/// <c>ValueError("store was opened in read-only mode and does not support writing")</c>).
/// The store is unchanged when it is thrown.
/// </summary>
public class ReadOnlyStoreException : InvalidOperationException
{
    /// <summary>An exception with the standard message.</summary>
    public ReadOnlyStoreException()
        : base(BaseMessage)
    {
    }

    /// <summary>An exception with the given message.</summary>
    /// <param name="message">What was refused.</param>
    public ReadOnlyStoreException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the given message and cause.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The cause.</param>
    public ReadOnlyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal const string BaseMessage = "store was opened in read-only mode and does not support writing";

    /// <summary>The exception for a refused write of <paramref name="key"/> to <paramref name="store"/>.</summary>
    internal static ReadOnlyStoreException For(IStore store, string key) =>
        new($"{BaseMessage} (store {store}, key '{MessageText.Bounded(key)}').");
}
