namespace Vigil.Benchmarks;

/// <summary>Finds files of the repository (test data) from wherever BenchmarkDotNet runs the generated project.</summary>
internal static class RepoFiles
{
    public static string Path(params string[] relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new FileNotFoundException("repository root (Vigil.slnx) not found above " + AppContext.BaseDirectory);
        }

        return System.IO.Path.Combine([dir.FullName, .. relative]);
    }
}
