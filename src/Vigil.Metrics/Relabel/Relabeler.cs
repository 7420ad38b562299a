using System.Buffers;
using System.Globalization;
using Vigil.Common.Model;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// Applies relabel rules in order (prometheus model/relabel/relabel.go @ 02a32553, Process/ProcessBuilder): each rule sees
/// the result of the previous one; keep/drop/keepequal/dropequal may drop the whole set.
/// </summary>
internal static class Relabeler
{
    /// <summary>Relabels <paramref name="labels"/>; returns null when a rule dropped the set.</summary>
    public static Labels? Process(Labels labels, IReadOnlyList<RelabelRule> rules)
    {
        var lb = new LabelsBuilder();
        foreach (var l in labels.AsSpan())
        {
            lb.Add(l.Name, l.Value);
        }

        return Process(lb, rules) ? lb.Build() : null;
    }

    /// <summary>Relabels the builder in place; false when a rule dropped the set.</summary>
    public static bool Process(LabelsBuilder lb, IReadOnlyList<RelabelRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (!Apply(rules[i], lb))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Apply(RelabelRule rule, LabelsBuilder lb)
    {
        switch (rule.Action)
        {
            case RelabelAction.Drop:
                return !rule.SourceMatches(lb);
            case RelabelAction.Keep:
                return rule.SourceMatches(lb);
            case RelabelAction.LabelMap:
            case RelabelAction.LabelDrop:
            case RelabelAction.LabelKeep:
                ApplyToNames(rule, lb);
                return true;
        }

        var val = rule.SourceValue(lb);
        switch (rule.Action)
        {
            case RelabelAction.DropEqual:
                return !string.Equals(lb.Get(rule.TargetLabel), val, StringComparison.Ordinal);
            case RelabelAction.KeepEqual:
                return string.Equals(lb.Get(rule.TargetLabel), val, StringComparison.Ordinal);
            case RelabelAction.Replace:
                Replace(rule, lb, val);
                return true;
            case RelabelAction.Lowercase:
                lb.Set(rule.TargetLabel, val.ToLowerInvariant());
                return true;
            case RelabelAction.Uppercase:
                lb.Set(rule.TargetLabel, val.ToUpperInvariant());
                return true;
            case RelabelAction.HashMod:
                lb.Set(rule.TargetLabel, HashMod.Compute(val, rule.Modulus).ToString(CultureInfo.InvariantCulture));
                return true;
            default:
                throw new InvalidOperationException($"relabel: unknown relabel action type {rule.Action}");
        }
    }

    /// <summary>labelmap, labeldrop, labelkeep: visit a snapshot of the names (pooled, so nothing is allocated).</summary>
    private static void ApplyToNames(RelabelRule rule, LabelsBuilder lb)
    {
        var n = lb.Count;
        var snapshot = ArrayPool<Label>.Shared.Rent(n);
        try
        {
            lb.CopyTo(snapshot);
            for (var i = 0; i < n; i++)
            {
                var l = snapshot[i];
                var matches = rule.NameMatches(l.Name);
                switch (rule.Action)
                {
                    case RelabelAction.LabelMap when matches:
                        lb.Set(rule.Regex.Match(l.Name)!.Value.Expand(rule.ReplacementTemplate), l.Value);
                        break;
                    case RelabelAction.LabelDrop when matches:
                    case RelabelAction.LabelKeep when !matches:
                        lb.Del(l.Name);
                        break;
                }
            }
        }
        finally
        {
            ArrayPool<Label>.Shared.Return(snapshot, clearArray: true);
        }
    }

    private static void Replace(RelabelRule rule, LabelsBuilder lb, string val)
    {
        // Fast path as in Prometheus: an empty value under the default regex with literal templates.
        if (val.Length == 0 && rule.Regex.IsDefault && rule.TargetTemplate.IsLiteral && rule.ReplacementTemplate.IsLiteral)
        {
            lb.Set(rule.TargetLabel, rule.Replacement);
            return;
        }

        if (rule.Regex.IsDefault && rule.TargetTemplate.IsLiteral && rule.ReplacementIsGroupOne && !val.Contains('\n', StringComparison.Ordinal))
        {
            // (.*) with $1: the value itself, no match object needed.
            if (val.Length == 0)
            {
                lb.Del(rule.TargetLabel);
            }
            else
            {
                lb.Set(rule.TargetLabel, val);
            }

            return;
        }

        var outcome = rule.Replace(val);
        if (outcome.Target is null)
        {
            return;
        }

        if (outcome.Value.Length == 0)
        {
            lb.Del(outcome.Target);
            return;
        }

        lb.Set(outcome.Target, outcome.Value);
    }
}
