namespace Vigil.Server.Flags;

/// <summary>The command line asked for <c>-help</c>: print usage and exit 0.</summary>
internal sealed class HelpRequestedException() : Exception("help requested");
