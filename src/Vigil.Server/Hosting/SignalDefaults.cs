using System.Runtime.InteropServices;

namespace Vigil.Server.Hosting;

/// <summary>
/// A shell starts background jobs with SIGINT ignored, and the .NET runtime keeps an inherited "ignore" for SIGINT, so
/// `vigil &amp;` followed by `kill -INT` would do nothing. Grafana Agent (Go's signal.Notify) stops on SIGINT in that case
/// too, and test harnesses such as the remote-write compliance suite rely on it: restore the default disposition before
/// the host registers its handlers.
/// </summary>
internal static class SignalDefaults
{
    private const int SigInt = 2;
    private static readonly nint SigDfl = 0;

    public static void RestoreInterrupt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        _ = Signal(SigInt, SigDfl);
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for one call at start-up.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "signal")]
    private static extern nint Signal(int signum, nint handler);
#pragma warning restore SYSLIB1054
}
