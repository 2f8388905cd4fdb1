using System.Runtime.InteropServices;

namespace Zarr.Buffers.Internal;

/// <summary>Kernels for <see cref="bool"/> elements: numbers convert to <c>value != 0</c>, and booleans to 0 or 1.</summary>
internal sealed class BoolOps : ElementOps<bool>
{
    public override bool FromScalar(object value, DataType dtype)
    {
        var scalar = Scalars.Normalize(value);
        return scalar.Kind switch
        {
            ScalarKind.Bool or ScalarKind.Integer => scalar.Integer != 0,
            ScalarKind.Real => scalar.Real != 0,
            _ => scalar.Complex != System.Numerics.Complex.Zero,
        };
    }

    public override ScalarValue ToScalar(bool value) => Scalars.Normalize(value);

    public override void ConvertTo(ReadOnlySpan<bool> source, NDBuffer destination) =>
        destination.DType.Ops.ConvertFromNumbers(MemoryMarshal.Cast<bool, byte>(source), destination);

    public override void ConvertFromNumbers<TFrom>(ReadOnlySpan<TFrom> source, NDBuffer destination) =>
        WriteDense(destination, source, static (span, from) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = !TFrom.IsZero(from[i]);
            }
        });
}
