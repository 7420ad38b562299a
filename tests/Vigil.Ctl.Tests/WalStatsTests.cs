using System.Diagnostics;
using System.Text.RegularExpressions;
using Vigil.Common.Model;
using Vigil.TestKit;
using Vigil.TestKit.Peers;
using Vigil.Wal;
using Vigil.Wal.Records;

namespace Vigil.Ctl.Tests;

public class WalStatsTests
{
    [Fact]
    public void Run_VigilWal_PrintsAgentctlReport()
    {
        using var dir = new TempDirectory();
        using (var w = WalWriter.Open(dir.Combine("wal")))
        {
            var buf = new RecordBuffer();
            RecordEncoder.Series(
            [
                new RefSeries(1, Labels.FromStrings("__name__", "up", "job", "node", "instance", "host:9100")),
                new RefSeries(2, Labels.FromStrings("__name__", "load1", "job", "node", "instance", "host:9100")),
                new RefSeries(3, Labels.FromStrings("__name__", "up", "job", "api", "instance", "a")),
                new RefSeries(4, Labels.FromStrings("__name__", "up", "job", "api", "instance", "a")),
            ], buf);
            w.Log(buf.WrittenSpan);
            buf.Reset();
            RecordEncoder.Samples([new(1, 1_700_000_000_500, 1), new(2, 1_700_000_001_000, 1), new(3, 1_700_000_002_120, 1), new(9, 5, 1)], buf);
            w.Log(buf.WrittenSpan);
            w.NextSegment();
        }

        var stdout = new StringWriter();
        Assert.Equal(0, Cli.Run(["wal-stats", dir.Path], stdout, new StringWriter()));
        const string expected =
            """
            Oldest Sample:      1970-01-01 00:00:00.005 +0000 UTC
            Newest Sample:      2023-11-14 22:13:22.12 +0000 UTC
            Total Series:       4
            Total Samples:      3
            Hash Collisions:    1
            Invalid Refs:       1
            Checkpoint Segment: 0
            First Segment:      0
            Latest Segment:     1

            Per-target stats:
            +------+-----------+--------+---------+
            | JOB  | INSTANCE  | SERIES | SAMPLES |
            +------+-----------+--------+---------+
            | node | host:9100 |      2 |       2 |
            | api  | a         |      2 |       1 |
            +------+-----------+--------+---------+

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), stdout.ToString());
    }

    [Fact]
    public async Task Run_PrometheusAgentWal_CountsSeriesAndSamplesOfTarget()
    {
        using var dir = new TempDirectory();
        var exporterPort = FreePort.Next();
        var psi = new ProcessStartInfo(PeerBinary.Find("prometheus-node-exporter", "prometheus-node-exporter")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{exporterPort}");
        using var exporter = Process.Start(psi) ?? throw new InvalidOperationException("node_exporter did not start");
        exporter.BeginErrorReadLine();
        exporter.BeginOutputReadLine();
        try
        {
            var config = $"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:{exporterPort}']\n";
            await using var prometheus = await PrometheusServer.StartAsync(config, agentMode: true);
            using var http = new HttpClient { BaseAddress = prometheus.BaseUri };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!(await http.GetStringAsync("api/v1/targets")).Contains("\"health\":\"up\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }

            await Task.Delay(2500);
            await prometheus.StopAsync();
            foreach (var f in Directory.EnumerateFiles(Path.Combine(prometheus.DataDirectory, "wal")))
            {
                Directory.CreateDirectory(dir.Combine("wal"));
                File.Copy(f, dir.Combine("wal", Path.GetFileName(f)));
            }
        }
        finally
        {
            exporter.Kill(entireProcessTree: true);
            await exporter.WaitForExitAsync();
        }

        var stdout = new StringWriter();
        Assert.Equal(0, Cli.Run(["wal-stats", dir.Path], stdout, new StringWriter()));
        var output = stdout.ToString();
        var series = int.Parse(Regex.Match(output, @"Total Series:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var samples = int.Parse(Regex.Match(output, @"Total Samples:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(series > 50, output);
        Assert.True(samples >= series, output);
        Assert.Contains("Invalid Refs:       0", output, StringComparison.Ordinal);
        Assert.Matches(@$"\| node \| 127\.0\.0\.1:{exporterPort} \|\s+{series} \|\s+{samples} \|", output);
    }
}
