namespace Vigil.TestKit.Peers;

/// <summary>
/// Locates a real peer installed from Debian packages by test.sh. A missing peer fails the test loudly:
/// a test that needs a real peer never skips.
/// </summary>
public static class PeerBinary
{
    public static string Find(string name, string debianPackage)
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin" })
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is not installed; run ./test.sh (it installs the Debian package '{debianPackage}') or apt-get install {debianPackage}");
    }
}
