namespace Vigil.Server.Reload;

internal enum ReloadOutcome
{
    /// <summary>Every subsystem applied the new config: 200.</summary>
    Applied,

    /// <summary>The file did not load or validate; nothing changed: 400.</summary>
    LoadFailed,

    /// <summary>At least one subsystem failed; the others keep the new config: 400.</summary>
    ApplyFailed,
}
