namespace Vigil.ScrapingService.ConfigStore;

/// <summary>The named config is not in the store (404 in the config API).</summary>
public sealed class ConfigNotFoundException(string name) : Exception($"configuration {name} does not exist")
{
    public string Name => name;
}
