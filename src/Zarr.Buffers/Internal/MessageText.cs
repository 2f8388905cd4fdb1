namespace Zarr.Buffers.Internal;

/// <summary>
/// Bounds what an exception message quotes of a value read from outside (metadata, codec configurations, store keys):
/// a 10 MB <c>data_type</c> string must make a short message, not a 10 MB one.
/// </summary>
internal static class MessageText
{
    /// <summary>How many characters of a value a message quotes at most.</summary>
    public const int MaxQuoted = 200;

    /// <summary>The value when it is short, else its first <see cref="MaxQuoted"/> characters and its length.</summary>
    /// <param name="value">The value to quote; null quotes as <c>null</c>.</param>
    /// <returns>For example <c>abcd… (10485760 characters)</c>.</returns>
    public static string Bounded(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        if (value.Length <= MaxQuoted)
        {
            return value;
        }

        // Never end the quote between the two halves of a surrogate pair.
        int length = char.IsHighSurrogate(value[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted;
        return $"{value.AsSpan(0, length)}… ({value.Length} characters)";
    }
}
