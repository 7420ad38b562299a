using System.Security.Cryptography;

namespace Vigil.ScrapingService.Ring;

/// <summary>Random, distinct ring tokens that no other member holds (dskit's GenerateTokens).</summary>
public static class TokenGenerator
{
    public static uint[] Generate(int count, IReadOnlySet<uint> taken)
    {
        var tokens = new HashSet<uint>();
        Span<byte> buffer = stackalloc byte[4];
        while (tokens.Count < count)
        {
            RandomNumberGenerator.Fill(buffer);
            var token = BitConverter.ToUInt32(buffer);
            if (!taken.Contains(token))
            {
                tokens.Add(token);
            }
        }

        var result = tokens.ToArray();
        Array.Sort(result);
        return result;
    }
}
