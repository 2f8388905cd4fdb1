using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zarr.Buffers.Internal;

/// <summary>
/// The bytes of a dense <see cref="Tensor{T}"/> as <see cref="Memory{T}"/>, without copying:
/// <see cref="Tensor{T}"/> does not expose its backing array, so this is the only way to hand its memory
/// to a <see cref="Buffer"/> (the bytes codec's zero-copy encode).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class TensorMemoryManager<T> : MemoryManager<byte>
    where T : unmanaged, IEquatable<T>
{
    private readonly Tensor<T> _tensor;

    private TensorMemoryManager(Tensor<T> tensor) => _tensor = tensor;

    /// <summary>The tensor's bytes in C order, or false when the tensor is not dense (C-contiguous).</summary>
    public static bool TryGetMemory(Tensor<T> tensor, out Memory<byte> memory)
    {
        if (tensor.FlattenedLength == 0)
        {
            memory = Memory<byte>.Empty;
            return true;
        }

        if (!tensor.IsDense)
        {
            memory = default;
            return false;
        }

        memory = new TensorMemoryManager<T>(tensor).Memory;
        return true;
    }

    public override Span<byte> GetSpan()
    {
        ElementOps<T>.TryGetDenseSpan(_tensor, out var span);
        return MemoryMarshal.AsBytes(span);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        var pinned = _tensor.GetPinnedHandle();
        void* pointer = Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetReference(GetSpan()), elementIndex));
        return new MemoryHandle(pointer, pinnable: new Release(pinned));
    }

    // Each pin owns its tensor handle (see Release), so there is nothing to undo here.
    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }

    /// <summary>Frees one <see cref="Pin"/>'s handle on the tensor when that pin's <see cref="MemoryHandle"/> is disposed.</summary>
    private sealed class Release(MemoryHandle pinned) : IPinnable
    {
        private MemoryHandle _pinned = pinned;

        public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException();

        public void Unpin() => _pinned.Dispose();
    }
}
