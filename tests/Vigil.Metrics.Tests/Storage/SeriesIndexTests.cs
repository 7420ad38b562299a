using Vigil.Common.Model;
using Vigil.Metrics.Storage;

namespace Vigil.Metrics.Tests.Storage;

public sealed class SeriesIndexTests
{
    [Fact]
    public void AddFindRemove_RandomOperations_MatchAReferenceMap()
    {
        var random = new Random(7);
        var index = new SeriesIndex<CollidingLink>();
        var reference = new Dictionary<ulong, MemSeries>();
        for (var step = 0; step < 20_000; step++)
        {
            var id = (ulong)random.Next(1, 3000);
            if (reference.TryGetValue(id, out var existing))
            {
                Assert.True(index.Remove(existing));
                Assert.False(index.Remove(existing));
                reference.Remove(id);
            }
            else
            {
                var series = new MemSeries(id, Labels.FromStrings("__name__", "s"), 0);
                index.Add(series);
                reference[id] = series;
            }
        }

        Assert.Equal(reference.Count, index.Count);
        for (ulong key = 0; key < CollidingLink.Keys; key++)
        {
            var found = new List<ulong>();
            for (var s = index.First(key); s is not null; s = SeriesIndex<CollidingLink>.NextWithKey(s))
            {
                Assert.Equal(key, CollidingLink.Key(s));
                found.Add(s.Ref);
            }

            var expected = reference.Keys.Where(k => k % CollidingLink.Keys == key).Order().ToList();
            Assert.Equal(expected, found.Order().ToList());
        }

        var all = new List<MemSeries>();
        index.CopyTo(all);
        Assert.Equal(reference.Keys.Order(), all.Select(s => s.Ref).Order());
    }

    [Fact]
    public void First_KeysSharingTheirLowBits_EachFound()
    {
        var index = new SeriesIndex<ShiftedRefLink>();
        for (ulong i = 1; i <= 10_000; i++)
        {
            // Keys of one stripe share their low bits: the spread must not depend on them.
            index.Add(new MemSeries(i, Labels.Empty, 0));
        }

        for (ulong i = 1; i <= 10_000; i++)
        {
            Assert.Equal(i, index.First(i << 10)?.Ref);
        }

        Assert.Null(index.First(5));
    }

    /// <summary>Only 13 distinct keys, so chains hold many series with different and equal keys.</summary>
    private readonly struct CollidingLink : ISeriesLink
    {
        public const ulong Keys = 13;

        public static ulong Key(MemSeries series) => series.Ref % Keys;

        public static ref MemSeries? Next(MemSeries series) => ref series.NextInHash;
    }

    private readonly struct ShiftedRefLink : ISeriesLink
    {
        public static ulong Key(MemSeries series) => series.Ref << 10;

        public static ref MemSeries? Next(MemSeries series) => ref series.NextInHash;
    }
}
