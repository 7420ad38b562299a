namespace Vigil.ScrapingService.Kv;

/// <summary>A change seen by a watch: a put with its new value, or a delete (<see cref="Value"/> null).</summary>
public sealed record KvEvent(string Key, byte[]? Value)
{
    public bool IsDelete => Value is null;
}
