using System.Globalization;
using Vigil.Common.Model;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// Applies relabel rules in order (prometheus model/relabel/relabel.go Process/ProcessBuilder): each rule sees
/// the result of the previous one; keep/drop/keepequal/dropequal may drop the whole set.
/// </summary>
internal static class Relabeler
{
    /// <summary>Relabels <paramref name="labels"/>; returns null when a rule dropped the set.</summary>
    public static Labels? Process(Labels labels, IReadOnlyList<RelabelRule> rules)
    {
        var lb = new LabelsBuilder(labels);
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
        var val = rule.SourceValue(lb);
        switch (rule.Action)
        {
            case RelabelAction.Drop:
                return !rule.Regex.IsMatch(val);
            case RelabelAction.Keep:
                return rule.Regex.IsMatch(val);
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
            case RelabelAction.LabelMap:
                foreach (var l in lb.ToArray())
                {
                    if (rule.NameMatches(l.Name))
                    {
                        var match = rule.Regex.Match(l.Name)!.Value;
                        lb.Set(match.Expand(rule.ReplacementTemplate), l.Value);
                    }
                }

                return true;
            case RelabelAction.LabelDrop:
            case RelabelAction.LabelKeep:
                var keepMatching = rule.Action == RelabelAction.LabelKeep;
                foreach (var l in lb.ToArray())
                {
                    if (rule.NameMatches(l.Name) != keepMatching)
                    {
                        lb.Del(l.Name);
                    }
                }

                return true;
            default:
                throw new InvalidOperationException($"relabel: unknown relabel action type {rule.Action}");
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

        var match = rule.Regex.Match(val);
        if (match is not { } m)
        {
            return;
        }

        var target = m.Expand(rule.TargetTemplate);
        if (!NameValidation.IsValidLabelName(target))
        {
            return;
        }

        var result = m.Expand(rule.ReplacementTemplate);
        if (result.Length == 0)
        {
            lb.Del(target);
            return;
        }

        lb.Set(target, result);
    }
}
