using System.Xml.Linq;

namespace Vigil.Architecture.Tests;

/// <summary>
/// The allowed references between src projects (docs/architecture.md): Common ← Wal ← Metrics ← ScrapingService,
/// Common ← Logs, Common ← Traces, Metrics ← Integrations; Server and Ctl use what they need; nothing references
/// Server. Optional subsystems depend on the core, never the other way round.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Vigil.Common"] = [],
        ["Vigil.Wal"] = ["Vigil.Common"],
        ["Vigil.Metrics"] = ["Vigil.Common", "Vigil.Wal"],
        ["Vigil.ScrapingService"] = ["Vigil.Common", "Vigil.Wal", "Vigil.Metrics"],
        ["Vigil.Logs"] = ["Vigil.Common"],
        ["Vigil.Traces"] = ["Vigil.Common"],
        ["Vigil.Integrations"] = ["Vigil.Common", "Vigil.Wal", "Vigil.Metrics"],
        ["Vigil.Server"] = ["Vigil.Common", "Vigil.Wal", "Vigil.Metrics", "Vigil.ScrapingService", "Vigil.Logs", "Vigil.Traces", "Vigil.Integrations"],
        ["Vigil.Ctl"] = ["Vigil.Common", "Vigil.Wal", "Vigil.Metrics", "Vigil.ScrapingService", "Vigil.Logs", "Vigil.Traces", "Vigil.Integrations"],
    };

    /// <summary>Libraries that must not depend on ASP.NET Core: they are used by tools and fuzzers without a server.</summary>
    private static readonly string[] NoAspNet = ["Vigil.Common", "Vigil.Wal"];

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var p in Directory.GetFiles(Path.Combine(RepoRoot(), "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(p));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_ReferencesOnlyAllowedProjects(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"{project} is not in the architecture's table; add it to docs/architecture.md and this test");
        foreach (var reference in References(project))
        {
            Assert.True(allowed.Contains(reference, StringComparer.Ordinal), $"{project} must not reference {reference}");
        }
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_IsNotReferencedByTheExecutables(string project)
    {
        if (project is "Vigil.Server" or "Vigil.Ctl")
        {
            foreach (var other in Allowed.Keys.Where(k => k != project))
            {
                Assert.DoesNotContain(project, SafeReferences(other));
            }
        }
    }

    [Fact]
    public void CoreLibraries_DoNotUseAspNetCore()
    {
        foreach (var project in NoAspNet)
        {
            var path = ProjectPath(project);
            if (path is null)
            {
                continue;
            }

            var doc = XDocument.Load(path);
            Assert.Equal("Microsoft.NET.Sdk", doc.Root!.Attribute("Sdk")?.Value);
            Assert.DoesNotContain(doc.Descendants("FrameworkReference"), e => e.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
        }
    }

    private static IEnumerable<string> SafeReferences(string project) => ProjectPath(project) is null ? [] : References(project);

    private static IEnumerable<string> References(string project) =>
        XDocument.Load(ProjectPath(project)!)
            .Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')));

    private static string? ProjectPath(string project)
    {
        var path = Path.Combine(RepoRoot(), "src", project, project + ".csproj");
        return File.Exists(path) ? path : null;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Vigil.slnx) not found above " + AppContext.BaseDirectory);
    }
}
