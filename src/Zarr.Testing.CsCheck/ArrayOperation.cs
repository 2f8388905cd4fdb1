using System.Buffers;
using System.Globalization;
using Zarr.Arrays;
using Zarr.Buffers;

namespace Zarr.Testing.CsCheck;

/// <summary>One step of an <see cref="ArrayModelCheck"/> sequence, run on the array and on the model; a read compares the two.</summary>
internal abstract record ArrayOperation(BufferPrototype Prototype)
{
    private const int ShownElements = 16;

    /// <summary>Runs the step; throws when a read disagrees with the model.</summary>
    public abstract Task RunAsync(ZarrArray array, ReferenceArray model, CancellationToken cancellationToken);

    /// <summary>The step as a failure report shows it.</summary>
    public abstract override string ToString();

    /// <summary>Requires <paramref name="actual"/> to hold the model's elements of <paramref name="region"/>, bit for bit.</summary>
    protected void RequireModelValues(ReferenceArray model, NRange[] region, NDBuffer actual)
    {
        long[] shape = model.RegionShape(region);
        if (!actual.Shape.SequenceEqual(shape))
        {
            throw new InvalidOperationException($"{this} gave a buffer of shape [{string.Join(", ", actual.Shape.ToArray())}], not [{string.Join(", ", shape)}].");
        }

        object[] expected = model.Read(region);
        var values = actual.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            object got = values.GetValue(i)!;
            if (!ElementBits.Of(got).Equals(ElementBits.Of(expected[i])))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{this}: element {i} (C order) of the region is {ElementBits.Show(got)}, but the model holds {ElementBits.Show(expected[i])}."));
            }
        }
    }

    /// <summary>A region as <c>[0..2, 1..3]</c>.</summary>
    protected static string Show(NRange[] region) => "[" + string.Join(", ", region.Select(range => $"{range.Start}..{range.End}")) + "]";

    /// <summary>A buffer's type, shape, order, class and first elements (with their bits).</summary>
    protected static string Show(NDBuffer buffer)
    {
        var values = buffer.ToArray();
        var shown = Enumerable.Range(0, Math.Min(values.Length, ShownElements)).Select(i => ElementBits.Show(values.GetValue(i)!));
        string more = values.Length > ShownElements ? string.Create(CultureInfo.InvariantCulture, $", ... ({values.Length} elements)") : "";
        return $"{buffer.DType.Name}[{string.Join(", ", buffer.Shape.ToArray())}] {Layout(buffer)} {buffer.GetType().Name} [{string.Join("; ", shown)}{more}]";
    }

    /// <summary>C or F: the order a generated buffer was made in (a buffer of at most one axis is both, and shows as C).</summary>
    protected static string Layout(NDBuffer buffer) => buffer.IsContiguous(MemoryOrder.C) ? "C" : "F";

    /// <summary><see cref="ZarrArray.WriteAsync"/> of <see cref="Value"/> (of the region's shape, or a scalar for every element) to <see cref="Region"/>.</summary>
    public sealed record Write(NRange[] Region, NDBuffer Value, BufferPrototype Prototype) : ArrayOperation(Prototype)
    {
        public override async Task RunAsync(ZarrArray array, ReferenceArray model, CancellationToken cancellationToken)
        {
            var values = Value.ToArray();
            await array.WriteAsync(Region, Value, Prototype, cancellationToken).ConfigureAwait(false);
            model.Write(Region, values);
        }

        public override string ToString() => $"Write({Show(Region)}, {Show(Value)}, {Prototype})";
    }

    /// <summary><see cref="ZarrArray.ReadAsync"/> of <see cref="Region"/>; null reads the whole array.</summary>
    public sealed record Read(NRange[]? Region, BufferPrototype Prototype) : ArrayOperation(Prototype)
    {
        public override async Task RunAsync(ZarrArray array, ReferenceArray model, CancellationToken cancellationToken) =>
            RequireModelValues(model, Region ?? model.Whole, await array.ReadAsync(Region, Prototype, cancellationToken).ConfigureAwait(false));

        public override string ToString() => $"Read({(Region is null ? "whole" : Show(Region))}, {Prototype})";
    }

    /// <summary><see cref="ZarrArray.ReadIntoAsync"/> of <see cref="Region"/> into <see cref="Destination"/>, which starts holding other values.</summary>
    public sealed record ReadInto(NRange[] Region, NDBuffer Destination, BufferPrototype Prototype) : ArrayOperation(Prototype)
    {
        public override async Task RunAsync(ZarrArray array, ReferenceArray model, CancellationToken cancellationToken)
        {
            await array.ReadIntoAsync(Region, Destination, Prototype, cancellationToken).ConfigureAwait(false);
            RequireModelValues(model, Region, Destination);
        }

        public override string ToString() =>
            $"ReadInto({Show(Region)}, {Destination.DType.Name}[{string.Join(", ", Destination.Shape.ToArray())}] {Layout(Destination)} {Destination.GetType().Name}, {Prototype})";
    }
}
