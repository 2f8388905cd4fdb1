namespace Zarr.Codecs.Blosc;

/// <summary>
/// The operations <see cref="ByteShuffle"/>'s tiles and odd-size steps need on one vector width, so that one generic
/// body serves 64-, 32- and 16-byte vectors: <typeparamref name="TVector"/> is <see cref="System.Runtime.Intrinsics.Vector512{T}"/>,
/// <see cref="System.Runtime.Intrinsics.Vector256{T}"/> or <see cref="System.Runtime.Intrinsics.Vector128{T}"/> of bytes.
/// A tile's vector holds 4 elements' <see cref="Lanes"/> byte columns, so a tile of <see cref="Lanes"/> vectors moves
/// <see cref="Lanes"/> columns of <c>4 * Lanes</c> elements.
/// </summary>
/// <typeparam name="TVector">The vector of bytes.</typeparam>
internal interface IVectorWidth<TVector>
    where TVector : unmanaged
{
    /// <summary>The <see cref="uint"/> lanes of a vector: 16, 8 or 4.</summary>
    static abstract int Lanes { get; }

    /// <summary>The vector's bytes at <paramref name="offset"/> from <paramref name="source"/>.</summary>
    static abstract TVector Load(ref byte source, int offset);

    /// <summary>Stores <paramref name="vector"/> at <paramref name="offset"/> from <paramref name="destination"/>.</summary>
    static abstract void Store(TVector vector, ref byte destination, int offset);

    /// <summary>The vector built from <paramref name="bytes"/>, which has the vector's length.</summary>
    static abstract TVector Create(ReadOnlySpan<byte> bytes);

    /// <summary>Byte <c>i</c> of the result is byte <c>indices[i]</c> of <paramref name="vector"/>, across the whole vector.</summary>
    static abstract TVector Shuffle(TVector vector, TVector indices);

    /// <summary>The <see cref="Lanes"/> bytes at <paramref name="first"/> of elements <paramref name="element"/> .. <paramref name="element"/> + 3, one after the other.</summary>
    static abstract TVector LoadColumns(ref byte first, int element, int typeSize);

    /// <summary>Undoes <see cref="LoadColumns"/>: stores the four elements' <see cref="Lanes"/> bytes, in element order.</summary>
    static abstract void StoreColumns(TVector columns, ref byte first, int element, int typeSize);

    /// <summary>
    /// Swaps the lanes of <paramref name="low"/> that <paramref name="upper"/> marks with the unmarked lanes of
    /// <paramref name="high"/>, brought beside each other by the <see cref="uint"/> lane permutation <paramref name="swap"/>.
    /// </summary>
    static abstract void Exchange(ref TVector low, ref TVector high, TVector swap, TVector upper);

    /// <summary>The vector's worth of <typeparamref name="TRow"/> row pieces, as <see cref="ByteRows.GatherUpTo512{TRow}"/> has them.</summary>
    static abstract TVector GatherUpTo<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged;
}
