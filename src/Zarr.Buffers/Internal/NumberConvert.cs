using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Zarr.Buffers.Internal;

/// <summary>Element conversion with numpy's unsafe-casting rules (<c>astype</c>).</summary>
internal static class NumberConvert
{
    private const int ChunkLength = 256;

    /// <summary>
    /// Converts <paramref name="source"/> into <paramref name="destination"/>: integers wrap around,
    /// floats into integers truncate toward zero into int64 (saturating, NaN to 0) and then wrap, which is numpy's result
    /// wherever numpy defines one, wider floats round to nearest, and complex into real keeps the real part.
    /// </summary>
    public static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom>
        where TTo : unmanaged, INumberBase<TTo>
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            MemoryMarshal.Cast<TFrom, TTo>(source).CopyTo(destination);
        }
        else if (NumberKinds.IsComplex<TFrom>() && !NumberKinds.IsComplex<TTo>())
        {
            var complex = MemoryMarshal.Cast<TFrom, Complex>(source);
            Span<double> real = stackalloc double[ChunkLength];
            for (int start = 0; start < complex.Length; start += ChunkLength)
            {
                int length = Math.Min(ChunkLength, complex.Length - start);
                for (int i = 0; i < length; i++)
                {
                    real[i] = complex[start + i].Real;
                }

                Convert<double, TTo>(real[..length], destination.Slice(start, length));
            }
        }
        else if (NumberKinds.IsReal<TFrom>() && typeof(TTo) == typeof(ulong))
        {
            // Through int64 as below, except that values past long.MaxValue still fit (1e19).
            var target = MemoryMarshal.Cast<TTo, ulong>(destination);
            for (int i = 0; i < source.Length; i++)
            {
                double truncated = Math.Truncate(double.CreateTruncating(source[i]));
                target[i] = truncated >= 0 ? ulong.CreateSaturating(truncated) : (ulong)long.CreateSaturating(truncated);
            }
        }
        else if (NumberKinds.IsReal<TFrom>() && NumberKinds.IsInteger<TTo>())
        {
            // Truncate into int64 (saturating, NaN to 0), then wrap into the target; both steps are vectorised.
            Span<long> wide = stackalloc long[ChunkLength];
            for (int start = 0; start < source.Length; start += ChunkLength)
            {
                int length = Math.Min(ChunkLength, source.Length - start);
                TensorPrimitives.ConvertTruncating(source.Slice(start, length), wide[..length]);
                TensorPrimitives.ConvertTruncating<long, TTo>(wide[..length], destination.Slice(start, length));
            }
        }
        else
        {
            TensorPrimitives.ConvertTruncating(source, destination);
        }
    }
}
