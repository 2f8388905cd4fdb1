using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>
/// The Zarr v3 <c>transpose</c> codec: permutes the axes of a chunk, so that encoded axis <c>i</c> is decoded
/// axis <c>Order[i]</c> (numpy's <c>transpose(order)</c>). Reversing the axes stores chunks in Fortran order.
/// </summary>
/// <remarks>
/// Both directions are views (no copy): the bytes codec that follows copies a non-contiguous view once into
/// C order on encode, and on decode the result is a strided view of the decoded buffer, of the same class.
/// </remarks>
public sealed class TransposeCodec : IArrayArrayCodec
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "transpose";

    private readonly int[] _order;
    private readonly int[] _inverse;

    /// <summary>A transpose codec of the given permutation.</summary>
    /// <param name="order">A permutation of <c>0..rank-1</c>: encoded axis <c>i</c> is decoded axis <c>order[i]</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="order"/> is not a permutation of <c>0..order.Length-1</c>.</exception>
    public TransposeCodec(params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        _order = [.. order];
        _inverse = new int[order.Length];
        var seen = new bool[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            int axis = order[i];
            if ((uint)axis >= (uint)order.Length || seen[axis])
            {
                throw new ArgumentException(
                    $"Transpose order {FormatOrder(order)} is not a permutation of the axes 0..{order.Length - 1}.", nameof(order));
            }

            seen[axis] = true;
            _inverse[axis] = i;
        }
    }

    /// <summary>The permutation: encoded axis <c>i</c> is decoded axis <c>Order[i]</c>.</summary>
    public IReadOnlyList<int> Order => _order;

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its <c>zarr.json</c> configuration: <c>{"order": [...]}</c>.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or no valid <c>order</c>.</exception>
    public static TransposeCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "order");
        return new TransposeCodec(CodecJson.GetInt32Array(configuration, CodecName, "order"));
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject { ["order"] = new JsonArray([.. _order.Select(a => (JsonNode)a)]) });

    /// <summary>Checks that the order has the spec's rank.</summary>
    /// <param name="spec">The spec of the decoded chunk.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">The order's rank is not the spec's.</exception>
    public void Validate(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ValidateRank(spec.Shape.Length);
    }

    /// <summary>The spec with its shape permuted.</summary>
    /// <param name="decoded">The spec of the decoded chunk.</param>
    /// <returns>The spec of the encoded chunk.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decoded"/> is null.</exception>
    /// <exception cref="ArgumentException">The order's rank is not the spec's.</exception>
    public ChunkSpec ResolveEncodedSpec(ChunkSpec decoded)
    {
        Validate(decoded);
        var shape = new long[_order.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = decoded.Shape[_order[i]];
        }

        return decoded.WithShape(shape);
    }

    /// <summary>The chunk with its axes permuted by <see cref="Order"/>; a view.</summary>
    /// <param name="chunk">The decoded chunk.</param>
    /// <param name="spec">The spec of <paramref name="chunk"/>.</param>
    /// <param name="prototype">The class of the result.</param>
    /// <returns>A view of <paramref name="chunk"/>, of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The order's rank is not the chunk's, or the chunk does not match <paramref name="spec"/>.</exception>
    public NDBuffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(chunk, nameof(chunk));
        return Permute(chunk, _order, prototype);
    }

    /// <summary>The chunk with its axes put back by the inverse of <see cref="Order"/>; a view.</summary>
    /// <param name="chunk">The encoded chunk.</param>
    /// <param name="spec">The spec of the decoded chunk.</param>
    /// <param name="prototype">The class of the result.</param>
    /// <returns>A view of <paramref name="chunk"/>, of <paramref name="prototype"/>'s class, with <paramref name="spec"/>'s shape.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The order's rank is not the chunk's, or the chunk does not match the encoded spec.</exception>
    public NDBuffer Decode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype)
    {
        ResolveEncodedSpec(spec).Validate(chunk, nameof(chunk));
        return Permute(chunk, _inverse, prototype);
    }

    /// <summary>The metadata, for example <c>{"name":"transpose","configuration":{"order":[1,0]}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    private NDBuffer Permute(NDBuffer chunk, int[] axes, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        ValidateRank(chunk.Rank);
        var view = chunk.Transpose(axes);
        // Transpose keeps the chunk's class; re-wrap (no copy) when the caller asked for another.
        return view.Factory == prototype.NDBuffer ? view : prototype.NDBuffer.FromNDArrayLike(view.AsNDArrayLike());
    }

    private void ValidateRank(int rank)
    {
        if (rank != _order.Length)
        {
            throw new ArgumentException(
                $"Transpose order {FormatOrder(_order)} has {_order.Length} axes, but the chunk has {rank}.");
        }
    }

    // The order comes from zarr.json, so a message quotes it bounded.
    private static string FormatOrder(int[] order) => MessageText.Bounded($"[{string.Join(", ", order)}]");
}
