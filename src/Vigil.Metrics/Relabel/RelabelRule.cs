using System.Collections.Concurrent;
using Vigil.Common.Model;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// A validated, compiled relabel rule: defaults applied, regex compiled once, templates parsed once.
/// Immutable and safe to share between scrape loops.
/// </summary>
internal sealed class RelabelRule
{
    private const int NameCacheLimit = 4096;
    private const int ValueCacheLimit = 4096;
    private readonly ConcurrentDictionary<string, bool>? _nameMatches;

    // Values repeat (every series of a target has the same instance, names recur every scrape), so results of
    // rules that run the regex engine are remembered, bounded: past the limit new values are simply not cached.
    private readonly ConcurrentDictionary<string, bool>? _valueMatches;
    private readonly ConcurrentDictionary<string, ReplaceOutcome>? _replacements;

    private RelabelRule(RelabelConfig config, RelabelAction action, RelabelRegex regex)
    {
        Action = action;
        SourceLabels = [.. config.SourceLabels ?? []];
        Separator = config.Separator ?? RelabelConfig.DefaultSeparator;
        Regex = regex;
        Modulus = config.Modulus ?? 0;
        TargetLabel = config.TargetLabel ?? string.Empty;
        Replacement = config.Replacement ?? RelabelConfig.DefaultReplacement;
        TargetTemplate = regex.CompileTemplate(TargetLabel);
        ReplacementTemplate = regex.CompileTemplate(Replacement);
        ReplacementIsGroupOne = ReplacementTemplate.Parts.Count == 1 && ReplacementTemplate.Parts[0] is { Literal: null, Group: 1 };
        if (action is RelabelAction.LabelMap or RelabelAction.LabelDrop or RelabelAction.LabelKeep)
        {
            _nameMatches = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        }

        if (regex.UsesEngine && action is RelabelAction.Keep or RelabelAction.Drop)
        {
            _valueMatches = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        }

        if (action == RelabelAction.Replace && (regex.UsesEngine || !regex.IsDefault || !ReplacementIsGroupOne || !TargetTemplate.IsLiteral))
        {
            _replacements = new ConcurrentDictionary<string, ReplaceOutcome>(StringComparer.Ordinal);
        }
    }

    public RelabelAction Action { get; }

    public string[] SourceLabels { get; }

    public string Separator { get; }

    public RelabelRegex Regex { get; }

    public ulong Modulus { get; }

    public string TargetLabel { get; }

    public string Replacement { get; }

    public Template TargetTemplate { get; }

    public Template ReplacementTemplate { get; }

    /// <summary>True when the replacement is exactly <c>$1</c> / <c>${1}</c>.</summary>
    public bool ReplacementIsGroupOne { get; }

    /// <summary>Validates and compiles <paramref name="config"/>; throws with every validation error when it is invalid.</summary>
    public static RelabelRule Compile(RelabelConfig config)
    {
        var errors = config.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(config));
        }

        RelabelActions.TryParse(config.Action, out var action);
        var regex = RelabelRegex.TryCreate(config.Regex ?? RelabelRegex.DefaultPattern, out var error)
            ?? throw new ArgumentException(error, nameof(config));
        return new RelabelRule(config, action, regex);
    }

    /// <summary>Whether a label name matches the regex; label names repeat, so the answer is cached (bounded).</summary>
    public bool NameMatches(string name)
    {
        if (_nameMatches is null)
        {
            return Regex.IsMatch(name);
        }

        if (_nameMatches.TryGetValue(name, out var hit))
        {
            return hit;
        }

        var result = Regex.IsMatch(name);
        if (_nameMatches.Count < NameCacheLimit)
        {
            _nameMatches[name] = result;
        }

        return result;
    }

    /// <summary>Joins the source label values with the separator, without allocating for zero or one source.</summary>
    public string SourceValue(LabelsBuilder lb)
    {
        return SourceLabels.Length switch
        {
            0 => string.Empty,
            1 => lb.Get(SourceLabels[0]),
            _ => JoinSources(lb),
        };
    }

    /// <summary>
    /// The replace action's outcome for <paramref name="val"/>: the expanded target label and value, or
    /// <see cref="ReplaceOutcome.None"/> when the regex does not match or the target is not a valid name.
    /// </summary>
    public ReplaceOutcome Replace(string val)
    {
        if (_replacements is not null && _replacements.TryGetValue(val, out var cached))
        {
            return cached;
        }

        var outcome = ReplaceOutcome.None;
        if (Regex.Match(val) is { } m)
        {
            var target = m.Expand(TargetTemplate);
            if (NameValidation.IsValidLabelName(target))
            {
                outcome = new ReplaceOutcome(target, m.Expand(ReplacementTemplate));
            }
        }

        if (_replacements is not null && _replacements.Count < ValueCacheLimit)
        {
            _replacements[val] = outcome;
        }

        return outcome;
    }

    /// <summary>Whether the joined source values match; joins into a stack buffer instead of a new string.</summary>
    public bool SourceMatches(LabelsBuilder lb)
    {
        if (SourceLabels.Length <= 1)
        {
            var value = SourceValue(lb);
            if (_valueMatches is null)
            {
                return Regex.IsMatch(value);
            }

            if (_valueMatches.TryGetValue(value, out var hit))
            {
                return hit;
            }

            var result = Regex.IsMatch(value);
            if (_valueMatches.Count < ValueCacheLimit)
            {
                _valueMatches[value] = result;
            }

            return result;
        }

        var length = Separator.Length * (SourceLabels.Length - 1);
        foreach (var name in SourceLabels)
        {
            length += lb.Get(name).Length;
        }

        if (length > 1024)
        {
            return Regex.IsMatch(JoinSources(lb));
        }

        Span<char> buffer = stackalloc char[length];
        var at = 0;
        for (var i = 0; i < SourceLabels.Length; i++)
        {
            if (i > 0)
            {
                Separator.AsSpan().CopyTo(buffer[at..]);
                at += Separator.Length;
            }

            var v = lb.Get(SourceLabels[i]);
            v.AsSpan().CopyTo(buffer[at..]);
            at += v.Length;
        }

        return Regex.IsMatch(buffer);
    }

    private string JoinSources(LabelsBuilder lb)
    {
        var values = new string[SourceLabels.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = lb.Get(SourceLabels[i]);
        }

        return string.Join(Separator, values);
    }
}
