using System.Buffers;
using System.Buffers.Binary;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// The compressor: c-blosc 1.21's (blosclz 2.5.1) algorithm, a greedy LZ77 with one hash table of the last position of each
/// 4-byte sequence, the same entropy probe and the same per-level table sizes and thresholds, so that it compresses about as
/// well and as fast, and writes streams that every c-blosc reads. It need not write c-blosc's bytes, only valid ones.
/// </summary>
internal static partial class BloscLz
{
    private const int MaxFarDistance = 65535 + NearDistanceLimit - 1;
    private const int HashLog = 14;
    private const int ProbeHashLog = 12;

    /// <summary>Bytes at the end of the input that only literal runs cover (the match search reads 4-byte words).</summary>
    private const int TailLength = 12;

    private static readonly double[] MinProbeRatio = [0, 2, 1.5, 1.2, 1.2, 1.2, 1.2, 1.15, 1.1, 1.0];
    private static readonly int[] LevelHashLog = [0, HashLog - 2, HashLog - 1, HashLog, HashLog, HashLog, HashLog, HashLog, HashLog, HashLog];

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/> as one blosclz stream that c-blosc decodes.</summary>
    /// <param name="input">The bytes of one block (or one split stream).</param>
    /// <param name="output">Where the stream goes.</param>
    /// <param name="clevel">The compression level, 1 to 9 (0 is handled by the frame: it stores blocks as they are).</param>
    /// <returns>The number of bytes written, or 0 when the stream would not fit in <paramref name="output"/> (the frame then
    /// stores the block as it is, as c-blosc does). It is also 0 when the stream would not be shorter than
    /// <paramref name="input"/> (c-blosc reads a stream as long as its block as the block stored as it is), and, as in c-blosc,
    /// when a probe of the input's last quarter predicts a compression ratio below the level's threshold (2 at level 1 down
    /// to 1 at level 9) or the input is too short to probe (under 52 bytes).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clevel"/> is not 1 to 9.</exception>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int clevel)
    {
        if (clevel is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(clevel), clevel, $"The blosclz compression level {clevel} is outside 1 to 9.");
        }

        double ratio = ProbeRatio(input[(input.Length - (input.Length / 4))..]);
        if (ratio < MinProbeRatio[clevel])
        {
            return 0;
        }

        // As c-blosc: matches lose their last byte (shift 4) on data that compresses well, which leaves fewer, longer
        // tokens for the decoder, and keep it (shift 3) on data that compresses less. c-blosc chooses 3 for every block it
        // does not split into byte planes; Blosc frames split blosclz blocks whenever the type size is 16 or less.
        int shift = ratio < 4 ? 3 : 4;
        int hashLog = LevelHashLog[clevel];
        int[] table = ArrayPool<int>.Shared.Rent(1 << hashLog);
        try
        {
            var positions = table.AsSpan(0, 1 << hashLog);
            positions.Clear();
            var matcher = new Matcher(input, positions, hashLog);

            // A stream as long as its block would be read as the block stored as it is.
            var writer = new TokenWriter(output[..Math.Min(output.Length, input.Length - 1)], counting: false);
            return WriteStream(input, matcher, ref writer, shift, hashTwice: clevel == 9);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(table);
        }
    }

    /// <summary>
    /// c-blosc's entropy probe: the ratio a quick pass (a 4096-entry table, shift and minimum length 3) reaches on the first
    /// 4 KiB of <paramref name="window"/>, counting the stream's bytes without writing them; 0 when the window is too short.
    /// </summary>
    private static double ProbeRatio(ReadOnlySpan<byte> window)
    {
        window = window[..Math.Min(window.Length, 1 << ProbeHashLog)];
        if (window.Length <= TailLength)
        {
            return 0;
        }

        Span<int> table = stackalloc int[1 << ProbeHashLog];
        table.Clear();
        var matcher = new Matcher(window, table, ProbeHashLog);
        var counter = new TokenWriter([], counting: true);
        return (double)window.Length / WriteStream(window, matcher, ref counter, shift: 3, hashTwice: false);
    }

    /// <summary>
    /// The greedy parse: at each position the table's candidate if it matches at least <paramref name="shift"/> + 2 bytes
    /// (6 when it is far), else a literal. The stream's length, or 0 when it does not fit.
    /// </summary>
    private static int WriteStream(ReadOnlySpan<byte> input, scoped Matcher matcher, ref TokenWriter writer, int shift, bool hashTwice)
    {
        int ip = 0;
        while (ip < input.Length - TailLength)
        {
            int anchor = ip;
            (int length, int distance) = matcher.Find(anchor, shift);
            if (length < shift || (length <= 5 && distance > NearDistanceLimit))
            {
                if (!writer.Literal(input[anchor]))
                {
                    return 0;
                }

                ip = anchor + 1;
                continue;
            }

            if (!writer.Match(length + 2, distance))
            {
                return 0;
            }

            ip = anchor + length;
            matcher.Insert(ip, hashTwice);
            ip += 2;
        }

        while (ip < input.Length)
        {
            if (!writer.Literal(input[ip++]))
            {
                return 0;
            }
        }

        return writer.Finish();
    }

    /// <summary>Finds matches through a table of the last position of each 4-byte sequence's hash.</summary>
    private readonly ref struct Matcher(ReadOnlySpan<byte> input, Span<int> table, int hashLog)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private readonly Span<int> _table = table;
        private readonly int _hashLog = hashLog;

        /// <summary>
        /// The match at <paramref name="anchor"/> (length 0 when there is none) and its distance; the table then points at
        /// <paramref name="anchor"/>. The length is what c-blosc encodes, the decoder's length less 2: the bytes
        /// matched less <paramref name="shift"/> - 1.
        /// </summary>
        public (int Length, int Distance) Find(int anchor, int shift)
        {
            uint sequence = Word(anchor);
            ref int slot = ref _table[Hash(sequence)];
            int candidate = slot;
            slot = anchor;
            int distance = anchor - candidate;
            if (distance == 0 || distance >= MaxFarDistance || Word(candidate) != sequence)
            {
                return (0, distance);
            }

            // The search stops one byte short of the end and counts the first differing byte, as c-blosc's does.
            int bound = _input.Length - 1;
            int start = anchor + 4;
            int common = _input[start..bound].CommonPrefixLength(_input[(candidate + 4)..]);
            return (Math.Min(start + common + 1, bound) - shift - anchor, distance);
        }

        /// <summary>Points the table at <paramref name="position"/> (and at the next one on level 9, as c-blosc does).</summary>
        public void Insert(int position, bool hashTwice)
        {
            uint sequence = Word(position);
            _table[Hash(sequence)] = position;
            if (hashTwice)
            {
                // c-blosc hashes the same word shifted, not the next position's word: a quirk kept for the same ratios.
                _table[Hash(sequence >> 8)] = position + 1;
            }
        }

        private uint Word(int position) => BinaryPrimitives.ReadUInt32LittleEndian(_input[position..]);

        private int Hash(uint sequence) => (int)((sequence * 2654435761U) >> (32 - _hashLog));
    }

    /// <summary>
    /// Writes tokens: literal bytes go behind a control byte that is set when the run ends (a run holds at most 32). With
    /// <paramref name="counting"/> set, it only counts the bytes a stream would take, for the probe.
    /// </summary>
    private ref struct TokenWriter(Span<byte> output, bool counting)
    {
        private readonly Span<byte> _output = output;
        private readonly bool _counting = counting;

        /// <summary>The next byte to write; the current run's control byte is <see cref="_run"/> + 1 bytes before it.</summary>
        private int _op = 1;
        private int _run;

        /// <summary>Appends a literal byte; false when it does not fit.</summary>
        public bool Literal(byte value)
        {
            if (!Reserve(1))
            {
                return false;
            }

            Put(value);
            if (++_run == MaxLiteralRun)
            {
                CloseRun();
                _op++;
            }

            return true;
        }

        /// <summary>Appends a match of <paramref name="length"/> (3 or more) bytes from <paramref name="distance"/> back; false when it does not fit.</summary>
        public bool Match(int length, int distance)
        {
            CloseRun();
            int code = length - 2;
            int biased = distance - 1;
            bool far = biased >= NearDistanceLimit;
            int extra = code >= LongLengthCode ? ((code - LongLengthCode) / 255) + 1 : 0;
            if (!Reserve(1 + extra + 1 + (far ? 2 : 0)))
            {
                return false;
            }

            Put((byte)((Math.Min(code, LongLengthCode) << 5) + (far ? FarEscape : biased >> 8)));
            for (int rest = code - LongLengthCode; extra > 0; rest -= 255, extra--)
            {
                Put((byte)Math.Min(rest, 255));
            }

            if (far)
            {
                Put(byte.MaxValue);
                Put((byte)((biased - NearDistanceLimit) >> 8));
                Put((byte)(biased - NearDistanceLimit));
            }
            else
            {
                Put((byte)biased);
            }

            // The next literal run's control byte, set when that run ends.
            _op++;
            return true;
        }

        /// <summary>Ends the last run and marks the stream; the stream's length.</summary>
        public int Finish()
        {
            CloseRun();
            if (!_counting)
            {
                // The marker c-blosc sets on a blosclz stream's first byte (a literal run, whose length needs 5 bits).
                _output[0] |= 1 << 5;
            }

            return _op;
        }

        /// <summary>Sets the current run's control byte, or takes its place back when the run is empty.</summary>
        private void CloseRun()
        {
            if (_run == 0)
            {
                _op--;
                return;
            }

            if (!_counting)
            {
                _output[_op - _run - 1] = (byte)(_run - 1);
            }

            _run = 0;
        }

        /// <summary>
        /// Whether <paramref name="count"/> bytes fit at <see cref="_op"/>. The run control byte before it is then inside the
        /// output too; one that nothing follows is dropped, so a stream that fits exactly is written.
        /// </summary>
        private readonly bool Reserve(int count) => _counting || _op + count <= _output.Length;

        private void Put(byte value)
        {
            if (!_counting)
            {
                _output[_op] = value;
            }

            _op++;
        }
    }
}
