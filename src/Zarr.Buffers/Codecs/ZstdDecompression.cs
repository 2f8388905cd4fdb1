using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Codecs;

/// <summary>
/// The zstd decoder of the <c>zstd</c> codec and of Blosc's zstd blocks: the system's libzstd where
/// <see cref="SystemZstd"/> loaded one and it is not switched off (decided once per process), ZstdSharp elsewhere and
/// for input that ZstdSharp cannot walk. Both decode every valid frame to the same bytes.
/// </summary>
internal static class ZstdDecompression
{
    /// <summary>The <see cref="AppContext"/> switch that, set to true, keeps decoding on ZstdSharp.</summary>
    internal const string DisableSystemLibrarySwitch = "Zarr.Codecs.Zstd.DisableSystemLibrary";

    /// <summary>The environment variable that, set to <c>1</c> or <c>true</c>, does the same where the switch is not set.</summary>
    internal const string DisableSystemLibraryVariable = "ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY";

    /// <summary><c>ZSTD_CONTENTSIZE_UNKNOWN</c> of zstd.h: a frame does not record its decompressed size.</summary>
    internal const ulong ContentSizeUnknown = ulong.MaxValue;

    /// <summary><c>ZSTD_CONTENTSIZE_ERROR</c> of zstd.h: the bytes are not a sequence of complete frames.</summary>
    internal const ulong ContentSizeError = ulong.MaxValue - 1;

    // Creating a context costs more than decompressing a small block, so each thread keeps one.
    [ThreadStatic]
    private static Decompressor? t_managed;

    /// <summary>Whether decoding goes through the system's libzstd.</summary>
    internal static bool UsesSystemLibrary { get; } = !SwitchedOff() && SystemZstd.IsAvailable;

    /// <summary>Decompresses every frame of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>The bytes written.</returns>
    /// <exception cref="ZstdException">The frames are corrupt or do not fit in <paramref name="destination"/>, or the decoder could not allocate this thread's context; the code says which.</exception>
    internal static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination) => DecodesWithSystemLibrary(source)
        ? SystemZstd.Decompress(source, destination)
        : (t_managed ??= new Decompressor()).Unwrap(source, destination);

    /// <summary>
    /// Whether <see cref="Decompress"/> hands <paramref name="source"/> to the system's libzstd: when it is in use and
    /// ZstdSharp can walk every frame. The frames of zstd 0.x, which a libzstd built with legacy support decodes
    /// (Debian's is) through older, less fuzzed code, go to ZstdSharp instead, which refuses them on every platform
    /// alike.
    /// </summary>
    /// <param name="source">The frames to decode.</param>
    internal static unsafe bool DecodesWithSystemLibrary(ReadOnlySpan<byte> source)
    {
        if (!UsesSystemLibrary)
        {
            return false;
        }

        // ZSTD_findDecompressedSize stops at the first frame without a content size; the bound walks every frame.
        fixed (byte* frames = source)
        {
            return Methods.ZSTD_decompressBound(frames, (nuint)source.Length) != ContentSizeError;
        }
    }

    /// <summary>Whether the switch or, where it is not set, the variable turns the system library off.</summary>
    /// <param name="appContextSwitch">The switch's value, or null where it is not set.</param>
    /// <param name="variable">The variable's value, or null where it is not set.</param>
    internal static bool SwitchedOff(bool? appContextSwitch, string? variable) =>
        appContextSwitch ?? (variable == "1" || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether this process's switch or variable turns the system library off.</summary>
    internal static bool SwitchedOff() => SwitchedOff(
        AppContext.TryGetSwitch(DisableSystemLibrarySwitch, out bool off) ? off : null,
        Environment.GetEnvironmentVariable(DisableSystemLibraryVariable));
}
