using Vigil.Common.Model;
using Vigil.Metrics.Relabel;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Turns a scraped label set into the stored one (Prometheus scrape.go mutateSampleLabels and
/// resolveConflictingExposedLabels @ v2.42): target labels are attached, with honor_labels the page wins, otherwise
/// the target wins and each clashing page label is kept as <c>exported_&lt;name&gt;</c> (more prefixes until the name
/// is free); then metric_relabel_configs run. Runs only on a series-cache miss.
/// </summary>
internal sealed class SampleMutator(Labels targetLabels, bool honorLabels, IReadOnlyList<RelabelRule> metricRelabelRules)
{
    public const string ExportedLabelPrefix = "exported_";

    private readonly LabelsBuilder _builder = new();
    private readonly List<Label> _conflicts = [];

    /// <summary>The stored labels of a scraped series, or null when metric relabeling dropped it.</summary>
    public Labels? Mutate(Labels scraped)
    {
        var lb = _builder.Reset();
        foreach (var l in scraped.AsSpan())
        {
            // An empty label value means the label is absent, as in Prometheus.
            if (l.Value.Length > 0)
            {
                lb.Add(l.Name, l.Value);
            }
        }

        if (honorLabels)
        {
            foreach (var l in targetLabels.AsSpan())
            {
                if (!scraped.Has(l.Name))
                {
                    lb.Set(l.Name, l.Value);
                }
            }
        }
        else
        {
            _conflicts.Clear();
            foreach (var l in targetLabels.AsSpan())
            {
                var exposed = scraped.Get(l.Name);
                if (exposed.Length > 0)
                {
                    _conflicts.Add(new Label(l.Name, exposed));
                }

                lb.Set(l.Name, l.Value);
            }

            if (_conflicts.Count > 0)
            {
                ResolveConflicts(lb, scraped);
            }
        }

        if (metricRelabelRules.Count > 0 && !Relabeler.Process(lb, metricRelabelRules))
        {
            return null;
        }

        return lb.Build();
    }

    /// <summary>The labels of the report series (<c>up</c>, ...): the name and the target labels, which always win.</summary>
    public static Labels ReportLabels(string name, Labels targetLabels)
    {
        var lb = new LabelsBuilder();
        lb.Set(Label.MetricName, name);
        foreach (var l in targetLabels.AsSpan())
        {
            lb.Set(l.Name, l.Value);
        }

        return lb.Build();
    }

    private void ResolveConflicts(LabelsBuilder lb, Labels scraped)
    {
        // Shorter names first, stable, as Prometheus sorts them.
        var ordered = _conflicts.Select((c, i) => (c, i)).OrderBy(x => x.c.Name.Length).ThenBy(x => x.i).Select(x => x.c).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            var name = ordered[i].Name;
            while (true)
            {
                name = ExportedLabelPrefix + name;
                if (!scraped.Has(name) && !targetLabels.Has(name) && !TakenBefore(ordered, i, name))
                {
                    ordered[i] = ordered[i] with { Name = name };
                    lb.Set(name, ordered[i].Value);
                    break;
                }
            }
        }
    }

    private static bool TakenBefore(Label[] resolved, int count, string name)
    {
        for (var j = 0; j < count; j++)
        {
            if (resolved[j].Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
