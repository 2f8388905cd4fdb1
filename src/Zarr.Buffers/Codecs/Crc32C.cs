using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Zarr.Codecs;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, as iSCSI and Zarr use), with the hardware instruction
/// on x64 (SSE4.2) and Arm64 and a table elsewhere; System.IO.Hashing has only CRC-32 and CRC-64.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] s_table = CreateTable();

    /// <summary>The CRC-32C of <paramref name="data"/> (of "123456789": 0xE3069283).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) =>
        ~(Sse42.X64.IsSupported ? UpdateSse42(~0u, data)
        : ArmCrc32.Arm64.IsSupported ? UpdateArm64(~0u, data)
        : UpdateWithTable(~0u, data));

    /// <summary>The portable computation, for tests that check the hardware one against it.</summary>
    internal static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateWithTable(~0u, data);

    // The instructions take the next 8 bytes as a little-endian word.
    private static ulong Word(ulong word) => BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);

    private static uint UpdateSse42(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            crc = (uint)Sse42.X64.Crc32(crc, Word(word));
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            crc = Sse42.Crc32(crc, b);
        }

        return crc;
    }

    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            crc = ArmCrc32.Arm64.ComputeCrc32C(crc, Word(word));
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            crc = ArmCrc32.ComputeCrc32C(crc, b);
        }

        return crc;
    }

    private static uint UpdateWithTable(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = s_table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            uint entry = i;
            for (int bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
