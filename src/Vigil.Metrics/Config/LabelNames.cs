namespace Vigil.Metrics.Config;

/// <summary>Prometheus' label-name rule (<c>model.LabelName.IsValid</c>, legacy charset): <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
internal static class LabelNames
{
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
