using ZstdSharp;

namespace Zarr.Codecs;

/// <summary>
/// The zstd decoder of the <c>zstd</c> codec and of Blosc's zstd blocks: the system's libzstd where
/// <see cref="SystemZstd"/> loaded one and it is not switched off, ZstdSharp elsewhere. Both decode every valid frame to
/// the same bytes; the choice is made once per process.
/// </summary>
internal static class ZstdDecompression
{
    /// <summary>The <see cref="AppContext"/> switch that, set to true, keeps decoding on ZstdSharp.</summary>
    internal const string DisableSystemLibrarySwitch = "Zarr.Codecs.Zstd.DisableSystemLibrary";

    /// <summary>The environment variable that, set to <c>1</c> or <c>true</c>, does the same where the switch is not set.</summary>
    internal const string DisableSystemLibraryVariable = "ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY";

    // Creating a context costs more than decompressing a small block, so each thread keeps one.
    [ThreadStatic]
    private static Decompressor? t_managed;

    /// <summary>Whether decoding goes through the system's libzstd.</summary>
    internal static bool UsesSystemLibrary { get; } = !SwitchedOff() && SystemZstd.IsAvailable;

    /// <summary>Decompresses every frame of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>The bytes written.</returns>
    /// <exception cref="ZstdException">The frames are corrupt or do not fit in <paramref name="destination"/>; the code says which.</exception>
    internal static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination) => UsesSystemLibrary
        ? SystemZstd.Decompress(source, destination)
        : (t_managed ??= new Decompressor()).Unwrap(source, destination);

    private static bool SwitchedOff() => AppContext.TryGetSwitch(DisableSystemLibrarySwitch, out bool off)
        ? off
        : Environment.GetEnvironmentVariable(DisableSystemLibraryVariable) is { } value
            && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
