using System.Text.Json;
using Vigil.ScrapingService.Kv;

namespace Vigil.ScrapingService.Ring;

/// <summary>Reads and writes ring members in a KV store, one JSON value per member under the ring prefix.</summary>
public sealed class RingStore(IKvStore kv)
{
    public IKvStore Kv => kv;

    public async Task<RingSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var members = new List<RingMember>();
        foreach (var entry in await kv.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (JsonSerializer.Deserialize<RingMember>(entry.Value) is { } member)
                {
                    members.Add(member);
                }
            }
            catch (JsonException)
            {
                // A value this version cannot read is not a member it can route to; it stays out of the ring.
                continue;
            }
        }

        return new RingSnapshot(members);
    }

    public Task WriteAsync(RingMember member, CancellationToken cancellationToken) =>
        kv.PutAsync(member.Id, JsonSerializer.SerializeToUtf8Bytes(member), IKvStore.AnyVersion, cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        kv.DeleteAsync(id, IKvStore.AnyVersion, cancellationToken);
}
