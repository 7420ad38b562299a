namespace Vigil.Server.Config;

/// <summary>A config file that cannot be loaded or does not validate. The message is for users: file, line, reason.</summary>
internal sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
