namespace Vigil.ScrapingService.Kv;

/// <summary>A stored key with its value and version. The version changes on every write; compare-and-swap uses it.</summary>
public sealed record KvEntry(string Key, byte[] Value, long Version);
