namespace Zarr.Buffers;

/// <summary>The family of a <see cref="DataType"/> (numpy's <c>dtype.kind</c>).</summary>
public enum DataTypeKind
{
    /// <summary>Booleans (<c>b</c>).</summary>
    Bool,

    /// <summary>Signed integers (<c>i</c>).</summary>
    SignedInteger,

    /// <summary>Unsigned integers (<c>u</c>).</summary>
    UnsignedInteger,

    /// <summary>IEEE floating point (<c>f</c>).</summary>
    Float,

    /// <summary>Complex floating point (<c>c</c>).</summary>
    Complex,
}
