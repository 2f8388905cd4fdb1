using System.Runtime.InteropServices;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Codecs;

/// <summary>
/// One-call decompression by the system's libzstd (1.4.4 or later), which decodes about 15% faster than ZstdSharp, the
/// managed port: the native library that numcodecs, and so zarr-python, decodes with. Loaded by its versioned name on
/// Linux and FreeBSD only, where the loader searches <c>LD_LIBRARY_PATH</c>, its cache and the system's folders, not
/// the current folder unless the environment names it; on macOS and Windows a bare name is also looked up in the
/// current or the application's folder, where a planted copy would run.
/// </summary>
internal static unsafe class SystemZstd
{
    // 1.4.4: the oldest release in a distribution that .NET 10 supports (RHEL 8); older ones are left to ZstdSharp.
    private const uint MinVersion = 10404;

    private static readonly delegate* unmanaged<nint> s_createContext;
    private static readonly delegate* unmanaged<nint, nuint> s_freeContext;
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint> s_decompress;
    private static readonly delegate* unmanaged<nuint, uint> s_isError;
    private static readonly delegate* unmanaged<nuint, byte*> s_errorName;

    // Creating a context costs more than decompressing a small block, so each thread keeps one; the context's native
    // memory is freed by its handle's finalizer once the thread has ended.
    [ThreadStatic]
    private static Context? t_context;

    static SystemZstd()
    {
        if (Load() is not { } library)
        {
            return;
        }

        if (TryExport(library, "ZSTD_versionNumber") is { } version && ((delegate* unmanaged<uint>)version)() >= MinVersion
            && TryExport(library, "ZSTD_createDCtx") is { } create
            && TryExport(library, "ZSTD_freeDCtx") is { } free
            && TryExport(library, "ZSTD_decompressDCtx") is { } decompress
            && TryExport(library, "ZSTD_isError") is { } isError
            && TryExport(library, "ZSTD_getErrorName") is { } errorName)
        {
            s_createContext = (delegate* unmanaged<nint>)create;
            s_freeContext = (delegate* unmanaged<nint, nuint>)free;
            s_decompress = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint>)decompress;
            s_isError = (delegate* unmanaged<nuint, uint>)isError;
            s_errorName = (delegate* unmanaged<nuint, byte*>)errorName;
            IsAvailable = true;
        }
        else
        {
            NativeLibrary.Free(library);
        }
    }

    /// <summary>Whether this process loaded a system libzstd of version 1.4.4 or later.</summary>
    internal static bool IsAvailable { get; }

    /// <summary>Decompresses every frame of <paramref name="source"/> into <paramref name="destination"/>, as ZstdSharp's <see cref="Decompressor.Unwrap(ReadOnlySpan{byte}, Span{byte})"/> does.</summary>
    /// <returns>The bytes written.</returns>
    /// <exception cref="InvalidOperationException"><see cref="IsAvailable"/> is false.</exception>
    /// <exception cref="ZstdException">The frames are corrupt or do not fit in <paramref name="destination"/>, or libzstd could not allocate this thread's context; the code says which, the message is libzstd's name for it.</exception>
    internal static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("No system libzstd of version 1.4.4 or later was loaded.");
        }

        // The thread-static field keeps the context alive through the call, so its handle needs no reference count.
        var context = t_context ??= Context.Create();
        nuint result;
        byte none = 0;
        fixed (byte* from = source)
        fixed (byte* to = destination)
        {
            // libzstd 1.4 reports a null destination as dstBuffer_null before it checks the room; ZstdSharp says
            // dstSize_tooSmall, which the codecs read as "does not fit". An empty span is null once fixed.
            result = s_decompress(context.DangerousGetHandle(), to == null ? &none : to, (nuint)destination.Length, from == null ? &none : from, (nuint)source.Length);
        }

        // An error is a negated ZSTD_ErrorCode, as ZSTD_getErrorCode computes it (zstd_errors.h keeps that for static
        // linking).
        return s_isError(result) == 0
            ? (int)result
            : throw new ZstdException((ZSTD_ErrorCode)(0 - result), Marshal.PtrToStringUTF8((nint)s_errorName(result)) ?? "unknown error");
    }

    private static nint? Load()
    {
        return (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD()) && NativeLibrary.TryLoad("libzstd.so.1", out nint library) ? library : null;
    }

    private static nint? TryExport(nint library, string name) => NativeLibrary.TryGetExport(library, name, out nint address) ? address : null;

    // A decompression context (ZSTD_DCtx*), freed by libzstd once nothing holds it.
    private sealed class Context : SafeHandle
    {
        private Context()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        /// <exception cref="ZstdException">libzstd could not allocate the context (<c>memory_allocation</c>).</exception>
        public static Context Create()
        {
            var context = new Context();
            context.SetHandle(s_createContext());
            return context.IsInvalid
                ? throw new ZstdException(ZSTD_ErrorCode.ZSTD_error_memory_allocation, "libzstd could not allocate a decompression context")
                : context;
        }

        protected override bool ReleaseHandle()
        {
            s_freeContext(handle);
            return true;
        }
    }
}
