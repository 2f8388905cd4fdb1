namespace Zarr.Buffers;

/// <summary>The memory layout of an n-dimensional buffer (numpy's <c>order</c>).</summary>
public enum MemoryOrder
{
    /// <summary>Row-major: the last axis varies fastest.</summary>
    C,

    /// <summary>Column-major (Fortran): the first axis varies fastest.</summary>
    F,

    /// <summary>Keep the layout of the source as closely as possible (F when the source is F-contiguous, else C).</summary>
    K,
}
