using System.Reflection;
using System.Runtime.InteropServices;

namespace Vigil.Server.Hosting;

/// <summary>Version facts printed by <c>-version</c> and exported as <c>agent_build_info</c>.</summary>
internal static class BuildInfo
{
    public static string Version { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static string Revision { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } v && v.Contains('+', StringComparison.Ordinal)
            ? v[(v.IndexOf('+', StringComparison.Ordinal) + 1)..]
            : "unknown";

    public static string Runtime { get; } = RuntimeInformation.FrameworkDescription;

    public static string Os { get; } = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "unknown";

    public static string Arch { get; } = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant() switch
    {
        "x64" => "amd64",
        "arm64" => "arm64",
        var other => other,
    };

    /// <summary>The <c>-version</c> text, shaped like Prometheus' version.Print.</summary>
    public static string Describe() =>
        $"vigil, version {Version} (revision: {Revision})\n  runtime: {Runtime}\n  platform: {Os}/{Arch}\n";
}
