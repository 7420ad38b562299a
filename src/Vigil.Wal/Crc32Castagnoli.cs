using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Wal;

/// <summary>
/// CRC-32C as Go's <c>crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli))</c> computes it: initial value
/// all ones, final complement. <see cref="BitOperations.Crc32C(uint, ulong)"/> is the raw hardware step without either.
/// </summary>
internal static class Crc32Castagnoli
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
