namespace Zarr.Testing.CsCheck;

/// <summary>
/// An array failed an <see cref="ArrayModelCheck"/>: the message says what disagreed, and <see cref="ShrunkCase"/> holds
/// the shrunk case (the array's metadata document and operation sequence) and <see cref="Seed"/> the seed that replays it.
/// </summary>
public sealed class ArrayModelCheckException : Exception
{
    /// <summary>An exception with a generic message.</summary>
    public ArrayModelCheckException()
        : base("An array model check failed.")
    {
    }

    /// <summary>An exception with the given message.</summary>
    /// <param name="message">What failed.</param>
    public ArrayModelCheckException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the given message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">CsCheck's report of the shrunk failure.</param>
    public ArrayModelCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception for a shrunk failure.</summary>
    /// <param name="failure">What disagreed in the shrunk case: the operation, the element, what it held and what the model held.</param>
    /// <param name="shrunkCase">The shrunk case, with the metadata and the operations, as CsCheck printed it.</param>
    /// <param name="seed">The CsCheck seed that replays the failure, or null.</param>
    /// <param name="innerException">CsCheck's report of the shrunk failure, if any.</param>
    public ArrayModelCheckException(string failure, string shrunkCase, string? seed, Exception? innerException)
        : base($"The array disagreed with the model: {failure}\nReplay with seed {seed ?? "(none)"}.\nShrunk case: {shrunkCase}", innerException)
    {
        ShrunkCase = shrunkCase;
        Seed = seed;
    }

    /// <summary>The shrunk case (metadata and operations) as CsCheck printed it; null when the exception was made without one.</summary>
    public string? ShrunkCase { get; }

    /// <summary>
    /// The seed that replays the failure (pass it as <see cref="ArrayModelCheck.RunAsync"/>'s <c>seed</c>), or null. It
    /// replays CsCheck's shrunk case, which may hold operations that <see cref="ShrunkCase"/> has dropped as not needed.
    /// </summary>
    public string? Seed { get; }
}
