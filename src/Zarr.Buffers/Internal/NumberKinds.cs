using System.Numerics;

namespace Zarr.Buffers.Internal;

/// <summary>Compile-time facts about element types; the JIT folds each check into a constant.</summary>
internal static class NumberKinds
{
    public static bool IsInteger<T>() =>
        typeof(T) == typeof(sbyte) || typeof(T) == typeof(short) || typeof(T) == typeof(int) || typeof(T) == typeof(long)
        || typeof(T) == typeof(byte) || typeof(T) == typeof(ushort) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong);

    public static bool IsReal<T>() => typeof(T) == typeof(Half) || typeof(T) == typeof(float) || typeof(T) == typeof(double);

    public static bool IsComplex<T>() => typeof(T) == typeof(Complex);

    /// <summary>Whether <typeparamref name="T"/> is a float or complex type (numpy's <c>inexact</c>), <see cref="Complex64"/> included.</summary>
    public static bool IsInexact<T>() => IsReal<T>() || IsComplex<T>() || typeof(T) == typeof(Complex64);
}
