using Vigil.Common.Model;
using Vigil.Metrics.Storage;

namespace Vigil.Metrics.Tests.Scrape;

/// <summary>A sample as committed to <see cref="RecordingStorage"/>.</summary>
internal sealed record StoredSample(Labels Labels, long T, double V)
{
    public string Name => Labels.Get(Label.MetricName);

    public bool IsStale => BitConverter.DoubleToUInt64Bits(V) == WalStorage.StaleNaNBits;
}
