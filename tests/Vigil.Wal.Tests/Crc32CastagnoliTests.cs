using System.Text;

namespace Vigil.Wal.Tests;

public class Crc32CastagnoliTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Compute_KnownVectors_MatchGoCastagnoliTable(string input, uint expected)
    {
        Assert.Equal(expected, Crc32Castagnoli.Compute(Encoding.ASCII.GetBytes(input)));
    }
}
