using BenchmarkDotNet.Attributes;
using Vigil.Common.Model;

namespace Vigil.Benchmarks.LabelSets;

/// <summary>Label set building, hashing and interning: the per-new-series costs.</summary>
[MemoryDiagnoser]
public class LabelsBenchmarks
{
    private readonly LabelsBuilder _builder = new();
    private readonly StringInterner _interner = new();
    private readonly byte[] _value = "host-7.example.org:9100"u8.ToArray();
    private Vigil.Common.Model.Labels _labels = Vigil.Common.Model.Labels.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _labels = Vigil.Common.Model.Labels.FromStrings("__name__", "node_cpu_seconds_total", "cpu", "3", "mode", "user", "instance", "10.1.2.3:9100", "job", "node");
        _interner.Intern(_value);
    }

    [Benchmark]
    public ulong HashUncached() => Vigil.Common.Model.Labels.ComputeHash(_labels.AsSpan());

    [Benchmark]
    public Vigil.Common.Model.Labels BuildFiveLabels() => _builder.Reset()
        .Add("job", "node").Add("__name__", "node_cpu_seconds_total").Add("mode", "user").Add("instance", "10.1.2.3:9100").Add("cpu", "3").Build();

    [Benchmark]
    public string InternHit() => _interner.Intern(_value);
}
