using System.Runtime.InteropServices;

namespace Vigil.Server.Hosting;

/// <summary>
/// Gives the C library's free heap pages back to the system (glibc <c>malloc_trim</c>). The runtime's native
/// allocations (the JIT's working memory, sockets, compression state) come and go in malloc arenas that glibc only
/// shrinks from their top, so after a burst the freed pages stay resident until trimmed.
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Trims every arena; false when the C library has no <c>malloc_trim</c> (not glibc), then never tried again.</summary>
    public static bool Trim()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl and other C libraries: nothing to trim with, and nothing lost but the trim.
            _unavailable = true;
            return false;
        }
    }

    // A plain DllImport: a blittable int(size_t) call needs no marshalling, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
