namespace Zarr.Buffers;

/// <summary>
/// Generic code run over the element type of a <see cref="DataType"/> (see
/// <see cref="DataType.Accept{TResult}"/>): the way to go from a runtime data type to a
/// <see cref="System.Numerics.Tensors.Tensor{T}"/> of the right <typeparamref name="TResult"/> without reflection.
/// </summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IDataTypeVisitor<out TResult>
{
    /// <summary>Runs with <typeparamref name="T"/> bound to the data type's element type.</summary>
    /// <typeparam name="T">The element type, for example <see cref="float"/> for float32.</typeparam>
    /// <param name="dataType">The data type being visited.</param>
    /// <returns>The visit's result.</returns>
    TResult Visit<T>(DataType dataType)
        where T : unmanaged, IEquatable<T>;
}
