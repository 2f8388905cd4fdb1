using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Zarr.Buffers.Internal;

/// <summary>Element conversion with numpy's unsafe-casting rules (<c>astype</c>).</summary>
internal static class NumberConvert
{
    /// <summary>
    /// Converts <paramref name="source"/> into <paramref name="destination"/>: integers wrap around,
    /// floats into integers truncate toward zero (through 64 bits, then wrap, as numpy's C casts do on x86-64),
    /// wider floats round to nearest, and complex into real keeps the real part.
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
            var real = new double[source.Length];
            var complex = MemoryMarshal.Cast<TFrom, Complex>(source);
            for (int i = 0; i < real.Length; i++)
            {
                real[i] = complex[i].Real;
            }

            Convert<double, TTo>(real, destination);
        }
        else if (NumberKinds.IsReal<TFrom>() && NumberKinds.IsInteger<TTo>())
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = FloatToInteger<TTo>(double.CreateTruncating(source[i]));
            }
        }
        else
        {
            TensorPrimitives.ConvertTruncating(source, destination);
        }
    }

    private static TTo FloatToInteger<TTo>(double value)
        where TTo : INumberBase<TTo>
    {
        double truncated = Math.Truncate(value);
        if (typeof(TTo) == typeof(ulong) && truncated >= 0)
        {
            return TTo.CreateTruncating(ulong.CreateSaturating(truncated));
        }

        return TTo.CreateTruncating(long.CreateSaturating(truncated));
    }
}
