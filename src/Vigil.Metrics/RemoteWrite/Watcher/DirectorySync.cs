using System.Runtime.InteropServices;

namespace Vigil.Metrics.RemoteWrite.Watcher;

/// <summary>
/// fsync of a directory, so that a rename in it survives a crash. .NET cannot open a directory as a file, hence libc.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux x86-64 and arm64

    public static void Sync(string dir)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(System.Text.Encoding.UTF8.GetBytes(dir + "\0"), ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"open directory {dir} for fsync: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync directory {dir}: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the generated stubs would need unsafe code; all arguments are blittable.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
#pragma warning restore SYSLIB1054
}
