using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// blosclz, c-blosc's own LZ77 format (c-blosc 1.x <c>blosc/blosclz.c</c>): the codec of one block (or one split stream of
/// a block) inside a Blosc frame whose compressor code is 0.
/// </summary>
/// <remarks>
/// <para>
/// The format has not changed from the first blosclz.c in c-blosc's history (2010) to c-blosc 1.21 (blosclz 2.5.1): only the
/// compressor's choices did. A stream is a sequence of tokens, each starting with a control byte <c>c</c>:
/// </para>
/// <list type="bullet">
/// <item><c>c &lt; 32</c>: a literal run of <c>c + 1</c> bytes follows.</item>
/// <item>otherwise a match: length code <c>c &gt;&gt; 5</c> (7 means more length bytes follow, each added, until one is not
/// 255), then the distance's low byte; distance <c>(c &amp; 31) * 256 + low + 1</c>, length <c>code + 2</c>. A near distance
/// of <c>31 * 256 + 255</c> is an escape: two big-endian bytes follow and the distance is <c>8192</c> plus them.</item>
/// </list>
/// <para>
/// The first control byte is always a literal run: c-blosc sets its bit 5 as a marker, and readers mask it off. c-blosc 1.19
/// (blosclz 2.1) and later also refuse a stream that ends with a match (no c-blosc compressor writes one); earlier readers
/// decode it, and so does this one.
/// </para>
/// </remarks>
internal static partial class BloscLz
{
    private const int MaxLiteralRun = 32;
    private const int LongLengthCode = 7;
    private const int MinMatchLength = 3;
    private const int NearDistanceLimit = 8191;
    private const int FarEscape = 31;

    /// <summary>Decompresses one blosclz stream into <paramref name="output"/>.</summary>
    /// <returns>The number of bytes written to <paramref name="output"/>. The bytes of <paramref name="output"/> past that count
    /// may have been overwritten (matches and literal runs are copied in whole vectors where there is room).</returns>
    /// <exception cref="InvalidDataException">The stream is malformed: it ends inside a token, a match reaches before the
    /// start of the output, or it decompresses to more than <paramref name="output"/> holds.</exception>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty)
        {
            return 0;
        }

        ref byte source = ref MemoryMarshal.GetReference(input);
        ref byte destination = ref MemoryMarshal.GetReference(output);
        int ip = 0;
        int op = 0;
        int control = input[0] & (MaxLiteralRun - 1);
        while (true)
        {
            int tokenStart = ip;
            ip++;
            if (control < MaxLiteralRun)
            {
                int count = control + 1;
                if (count > input.Length - ip || count > output.Length - op)
                {
                    ThrowLiteralRunOutside(input.Length - ip, output.Length, op, count, tokenStart);
                }

                CopyLiteralRun(ref Unsafe.Add(ref source, ip), ref Unsafe.Add(ref destination, op), count,
                    input.Length - ip >= MaxLiteralRun && output.Length - op >= MaxLiteralRun);
                ip += count;
                op += count;
            }
            else
            {
                (int length, int distance) = ReadMatch(input, ref ip, control, output.Length, op, tokenStart);
                if (distance > op)
                {
                    ThrowMatchBeforeStart(tokenStart, distance, op);
                }

                CopyMatch(ref destination, op, distance, length, output.Length - op - length);
                op += length;
            }

            if (ip >= input.Length)
            {
                return op;
            }

            control = Unsafe.Add(ref source, ip);
        }
    }

    /// <summary>Copies a literal run (1 to 32 bytes), as two vectors when both sides have 32 bytes of room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLiteralRun(ref byte from, ref byte to, int count, bool wide)
    {
        if (wide)
        {
            Vector128.LoadUnsafe(ref from).StoreUnsafe(ref to);
            Vector128.LoadUnsafe(ref from, 16).StoreUnsafe(ref to, 16);
        }
        else
        {
            MemoryMarshal.CreateReadOnlySpan(ref from, count).CopyTo(MemoryMarshal.CreateSpan(ref to, count));
        }
    }

    /// <summary>Reads a match token after its control byte; <paramref name="ip"/> moves past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Length, int Distance) ReadMatch(ReadOnlySpan<byte> input, ref int ip, int control, int outputLength, int op, int tokenStart)
    {
        int length = (control >> 5) + MinMatchLength - 1;
        if (length == LongLengthCode + MinMatchLength - 1)
        {
            int more;
            do
            {
                more = NextByte(input, ref ip, tokenStart);
                length += more;
                CheckMatchFits(length, outputLength, op, tokenStart);
            }
            while (more == byte.MaxValue);
        }

        CheckMatchFits(length, outputLength, op, tokenStart);
        int high = control & FarEscape;
        int low = NextByte(input, ref ip, tokenStart);
        if (high == FarEscape && low == byte.MaxValue)
        {
            int far = NextByte(input, ref ip, tokenStart) << 8;
            return (length, far + NextByte(input, ref ip, tokenStart) + NearDistanceLimit + 1);
        }

        return (length, (high << 8) + low + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextByte(ReadOnlySpan<byte> input, ref int ip, int tokenStart)
    {
        if ((uint)ip >= (uint)input.Length)
        {
            ThrowEndsInsideMatch(tokenStart);
        }

        return input[ip++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckMatchFits(int length, int outputLength, int op, int tokenStart)
    {
        if (length > outputLength - op)
        {
            ThrowMatchOutside(length, outputLength, op, tokenStart);
        }
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="distance"/> bytes back, where the source may overlap what
    /// is being written (a distance shorter than the length repeats the last <paramref name="distance"/> bytes).
    /// </summary>
    /// <param name="output">The output's first byte.</param>
    /// <param name="op">Where the match goes.</param>
    /// <param name="distance">1 to <paramref name="op"/>.</param>
    /// <param name="length">The match's length, which fits in the output.</param>
    /// <param name="roomAfter">How many bytes of the output follow the match.</param>
    private static void CopyMatch(ref byte output, int op, int distance, int length, int roomAfter)
    {
        ref byte to = ref Unsafe.Add(ref output, op);
        ref byte from = ref Unsafe.Subtract(ref to, distance);

        // Whole vectors (or words) that each read bytes written before them, as the distance is at least their size; they
        // may write up to 15 bytes past the match, which there is room for and which later tokens overwrite.
        if (distance >= Vector128<byte>.Count && roomAfter >= Vector128<byte>.Count)
        {
            for (int copied = 0; copied < length; copied += Vector128<byte>.Count)
            {
                Vector128.LoadUnsafe(ref from, (nuint)copied).StoreUnsafe(ref to, (nuint)copied);
            }
        }
        else if (distance >= sizeof(ulong) && roomAfter >= sizeof(ulong))
        {
            for (int copied = 0; copied < length; copied += sizeof(ulong))
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, copied), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, copied)));
            }
        }
        else if (distance == 1)
        {
            MemoryMarshal.CreateSpan(ref to, length).Fill(from);
        }
        else if (length <= MaxLiteralRun)
        {
            for (int copied = 0; copied < length; copied++)
            {
                Unsafe.Add(ref to, copied) = Unsafe.Add(ref from, copied);
            }
        }
        else
        {
            CopyRepeating(ref from, ref to, distance, length);
        }
    }

    /// <summary>
    /// A long match copy as LZ77 defines it, in chunks that never overlap: after copying <c>n</c> bytes, the <c>2n</c> bytes
    /// from the match's source repeat with its period, so the next chunk may be twice as long.
    /// </summary>
    private static void CopyRepeating(ref byte from, ref byte to, int distance, int length)
    {
        int copied = 0;
        int chunk = distance;
        while (copied < length)
        {
            int count = Math.Min(chunk, length - copied);
            MemoryMarshal.CreateReadOnlySpan(ref from, count).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref to, copied), count));
            copied += count;
            chunk = distance + copied;
        }
    }

    [DoesNotReturn]
    private static void ThrowLiteralRunOutside(int inputLeft, int outputLength, int op, int count, int tokenStart) =>
        throw new InvalidDataException(count > inputLeft
            ? $"The blosclz stream ends inside a literal run of {count} bytes at stream byte {tokenStart}: {inputLeft} bytes are left."
            : $"The blosclz literal run of {count} bytes at stream byte {tokenStart} does not fit in the {outputLength}-byte output at output byte {op}.");

    [DoesNotReturn]
    private static void ThrowMatchOutside(int length, int outputLength, int op, int tokenStart) =>
        throw new InvalidDataException(
            $"The blosclz match of {length} bytes at stream byte {tokenStart} does not fit in the {outputLength}-byte output at output byte {op}.");

    [DoesNotReturn]
    private static void ThrowEndsInsideMatch(int tokenStart) =>
        throw new InvalidDataException($"The blosclz stream ends inside the match at stream byte {tokenStart}.");

    [DoesNotReturn]
    private static void ThrowMatchBeforeStart(int tokenStart, int distance, int op) =>
        throw new InvalidDataException(
            $"The blosclz match at stream byte {tokenStart} reaches {distance} bytes back from output byte {op}, before the start of the output.");
}
