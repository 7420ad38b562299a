namespace Vigil.Server.Flags;

/// <summary>A command line that cannot be parsed; the message is shown above the usage text.</summary>
internal sealed class FlagParseException(string message) : Exception(message);
