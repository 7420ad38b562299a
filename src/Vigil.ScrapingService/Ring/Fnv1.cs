using System.Text;

namespace Vigil.ScrapingService.Ring;

/// <summary>
/// 32-bit FNV-1 (multiply, then xor — not FNV-1a), the hash Grafana Agent gives a config name to place it on the ring.
/// Keeping it lets a Vigil cluster shard configs exactly as a Grafana Agent cluster with the same tokens would.
/// </summary>
public static class Fnv1
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash32(string key)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash *= Prime;
            hash ^= b;
        }

        return hash;
    }
}
