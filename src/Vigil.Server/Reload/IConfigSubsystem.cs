using Vigil.Server.Config;

namespace Vigil.Server.Reload;

/// <summary>
/// A part of the agent that takes the validated config at start-up and again on every reload. Applying must be
/// repeatable: an unchanged config is a no-op, a failure leaves the subsystem running on what it had.
/// </summary>
internal interface IConfigSubsystem
{
    /// <summary>The name used in logs when applying fails (logger, server, metrics, logs, traces, integrations).</summary>
    string Name { get; }

    Task ApplyConfigAsync(AgentConfig config, CancellationToken cancellationToken);
}
