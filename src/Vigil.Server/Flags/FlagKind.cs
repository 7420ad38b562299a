namespace Vigil.Server.Flags;

internal enum FlagKind
{
    String,
    Bool,
    Duration,
    Int,
}
