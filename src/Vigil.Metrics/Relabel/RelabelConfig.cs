using Vigil.Common.Model;
using YamlDotNet.Serialization;

namespace Vigil.Metrics.Relabel;

/// <summary>
/// One relabel rule as written in YAML (Prometheus <c>relabel.Config</c>). Unset fields take Prometheus'
/// defaults when the rule is compiled: separator <c>;</c>, regex <c>(.*)</c>, replacement <c>$1</c>, action <c>replace</c>.
/// </summary>
public sealed class RelabelConfig
{
    public const string DefaultSeparator = ";";
    public const string DefaultRegex = "(.*)";
    public const string DefaultReplacement = "$1";
    public const string DefaultAction = "replace";

    [YamlMember(Alias = "source_labels")]
    public List<string>? SourceLabels { get; set; }

    [YamlMember(Alias = "separator")]
    public string? Separator { get; set; }

    [YamlMember(Alias = "regex")]
    public string? Regex { get; set; }

    [YamlMember(Alias = "modulus")]
    public ulong? Modulus { get; set; }

    [YamlMember(Alias = "target_label")]
    public string? TargetLabel { get; set; }

    [YamlMember(Alias = "replacement")]
    public string? Replacement { get; set; }

    [YamlMember(Alias = "action")]
    public string? Action { get; set; }

    /// <summary>
    /// Checks the rule as Prometheus does when it loads a config (model/relabel/relabel.go @ 02a32553,
    /// relabel.Config.UnmarshalYAML and Validate,
    /// action names, source label names, regex syntax); each message names the problem.
    /// An empty result means the rule is valid.
    /// </summary>
    public IEnumerable<string> Validate()
    {
        var errors = new List<string>();
        foreach (var name in SourceLabels ?? [])
        {
            if (!NameValidation.IsValidLabelName(name))
            {
                errors.Add($"\"{name}\" is not a valid label name");
            }
        }

        if (Regex is not null && RelabelRegex.TryCreate(Regex, out var regexError) is null)
        {
            errors.Add(regexError!);
        }

        if (Action is not null && Action.Length == 0)
        {
            errors.Add("relabel action cannot be empty");
            return errors;
        }

        if (!RelabelActions.TryParse(Action, out var action))
        {
            errors.Add($"unknown relabel action \"{Action}\"");
            return errors;
        }

        var name0 = RelabelActions.Name(action);
        var target = TargetLabel ?? string.Empty;
        var modulus = Modulus ?? 0;
        var separator = Separator ?? DefaultSeparator;
        var replacement = Replacement ?? DefaultReplacement;
        if (modulus == 0 && action == RelabelAction.HashMod)
        {
            errors.Add("relabel configuration for hashmod requires non-zero modulus");
        }

        if (action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual && target.Length == 0)
        {
            errors.Add($"relabel configuration for {name0} action requires 'target_label' value");
        }
        else if (action == RelabelAction.Replace && !target.Contains('$', StringComparison.Ordinal) && !NameValidation.IsValidLabelName(target))
        {
            errors.Add($"\"{target}\" is invalid 'target_label' for {name0} action");
        }
        else if (action == RelabelAction.Replace && target.Contains('$', StringComparison.Ordinal) && !IsRelabelTarget(target))
        {
            errors.Add($"\"{target}\" is invalid 'target_label' for {name0} action");
        }
        else if (action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            or RelabelAction.HashMod && !NameValidation.IsValidLabelName(target))
        {
            errors.Add($"\"{target}\" is invalid 'target_label' for {name0} action");
        }

        if (action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && replacement != DefaultReplacement)
        {
            errors.Add($"'replacement' can not be set for {name0} action");
        }

        if (action == RelabelAction.LabelMap && !IsRelabelTarget(replacement))
        {
            errors.Add($"\"{replacement}\" is invalid 'replacement' for {name0} action");
        }

        if (action is RelabelAction.DropEqual or RelabelAction.KeepEqual
            && (Regex is not null || modulus != 0 || separator != DefaultSeparator || replacement != DefaultReplacement))
        {
            errors.Add($"{name0} action requires only 'source_labels' and `target_label`, and no other fields");
        }

        if (action is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (SourceLabels is not null || target.Length != 0 || modulus != 0 || separator != DefaultSeparator || replacement != DefaultReplacement))
        {
            errors.Add($"{name0} action requires only 'regex', and no other fields");
        }

        return errors;
    }

    /// <summary>
    /// Prometheus' relabelTarget pattern <c>^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$</c>: label-name characters and
    /// <c>$x</c>/<c>${x}</c> references. Checked by hand, which accepts exactly the same strings.
    /// </summary>
    internal static bool IsRelabelTarget(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        var i = 0;
        var first = true;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '$')
            {
                i++;
                if (i < s.Length && s[i] == '{')
                {
                    var close = s.IndexOf('}', i);
                    if (close < 0 || close == i + 1 || !IsWord(s.AsSpan(i + 1, close - i - 1)))
                    {
                        return false;
                    }

                    i = close + 1;
                }
                else
                {
                    var start = i;
                    while (i < s.Length && IsWordChar(s[i]))
                    {
                        i++;
                    }

                    if (i == start)
                    {
                        return false;
                    }
                }
            }
            else if (char.IsAsciiLetter(c) || c == '_' || (!first && char.IsAsciiDigit(c)))
            {
                i++;
            }
            else
            {
                return false;
            }

            first = false;
        }

        return true;
    }

    private static bool IsWord(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsWordChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
