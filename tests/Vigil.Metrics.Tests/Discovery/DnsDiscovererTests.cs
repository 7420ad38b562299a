using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Common.Model;
using Vigil.Metrics.Discovery;
using Vigil.Metrics.Discovery.Dns;
using Vigil.TestKit.Peers;
using Xunit;

namespace Vigil.Metrics.Tests.Sd;

public sealed class DnsDiscovererTests : IDisposable
{
    private readonly LoopbackDnsServer _dns = new();
    private readonly DiscoveryMetrics _metrics = DiscoveryMetrics.Unregistered();
    private readonly List<IReadOnlyList<TargetGroup>> _published = [];

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task RefreshAsync_SrvRecords_TargetsWithPrometheusMetaLabels()
    {
        _dns.AddSrv("_node._tcp.example.test", "host1.example.test", 9100);
        _dns.AddSrv("_node._tcp.example.test", "host2.example.test", 9101);

        await Discoverer(new DnsSdConfig { Names = ["_node._tcp.example.test"] }).RefreshAsync(_published.Add, CancellationToken.None);

        var group = Assert.Single(Assert.Single(_published));
        Assert.Equal("_node._tcp.example.test", group.Source);
        Assert.Contains(
            Labels.FromStrings(
                "__address__", "host1.example.test:9100",
                "__meta_dns_name", "_node._tcp.example.test",
                "__meta_dns_srv_record_target", "host1.example.test.",
                "__meta_dns_srv_record_port", "9100"),
            group.Targets);
        Assert.Equal(2, group.Targets.Count);
    }

    [Theory]
    [InlineData("A", "10.0.0.1", "10.0.0.1:8080")]
    [InlineData("AAAA", "::1", "[::1]:8080")]
    public async Task RefreshAsync_AddressRecords_AddressWithConfiguredPort(string type, string ip, string expected)
    {
        if (type == "A")
        {
            _dns.AddA("web.example.test", ip);
        }
        else
        {
            _dns.AddAaaa("web.example.test", ip);
        }

        await Discoverer(new DnsSdConfig { Names = ["web.example.test"], Type = type, Port = 8080 }).RefreshAsync(_published.Add, CancellationToken.None);

        var target = Assert.Single(Assert.Single(Assert.Single(_published)).Targets);
        Assert.Equal(Labels.FromStrings("__address__", expected, "__meta_dns_name", "web.example.test"), target);
    }

    [Fact]
    public async Task RefreshAsync_ServerFailsLater_KeepsLastGoodGroupAndCounts()
    {
        _dns.AddA("web.example.test", "10.0.0.1");
        var discoverer = Discoverer(new DnsSdConfig { Names = ["web.example.test"], Type = "A", Port = 80 });
        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        _dns.SetRcode("web.example.test", 2);
        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        Assert.Single(_published);
        Assert.Equal(1, _metrics.DnsLookupFailures.Value);
        Assert.Equal(2, _metrics.DnsLookups.Value);
    }

    [Fact]
    public async Task RefreshAsync_NameGone_NxdomainEmptiesTheGroup()
    {
        _dns.AddA("web.example.test", "10.0.0.1");
        var discoverer = Discoverer(new DnsSdConfig { Names = ["web.example.test"], Type = "A", Port = 80 });
        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        _dns.Clear();
        _dns.SetRcode("web.example.test", 3);
        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        Assert.Empty(Assert.Single(_published[1]).Targets);
        Assert.Equal(0, _metrics.DnsLookupFailures.Value);
    }

    [Fact]
    public async Task RefreshAsync_ResolverUnreachable_FailureCountedNothingPublished()
    {
        var silent = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        var discoverer = new DnsDiscoverer(
            new DnsSdConfig { Names = ["web.example.test"], Type = "A", Port = 80 }, _metrics, NullLogger.Instance, TimeProvider.System, [silent], TimeSpan.FromMilliseconds(200));

        await discoverer.RefreshAsync(_published.Add, CancellationToken.None);

        Assert.Empty(Assert.Single(_published));
        Assert.Equal(1, _metrics.DnsLookupFailures.Value);
    }

    private DnsDiscoverer Discoverer(DnsSdConfig config) =>
        new(config, _metrics, NullLogger.Instance, TimeProvider.System, [_dns.EndPoint], TimeSpan.FromSeconds(2));
}
