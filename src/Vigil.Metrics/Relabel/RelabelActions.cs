namespace Vigil.Metrics.Relabel;

/// <summary>YAML spelling of <see cref="RelabelAction"/>: parsed case-insensitively, as Prometheus does.</summary>
internal static class RelabelActions
{
    public static bool TryParse(string? text, out RelabelAction action)
    {
        action = RelabelAction.Replace;
        if (text is null)
        {
            return true;
        }

        switch (text.ToLowerInvariant())
        {
            case "replace": action = RelabelAction.Replace; return true;
            case "keep": action = RelabelAction.Keep; return true;
            case "drop": action = RelabelAction.Drop; return true;
            case "keepequal": action = RelabelAction.KeepEqual; return true;
            case "dropequal": action = RelabelAction.DropEqual; return true;
            case "hashmod": action = RelabelAction.HashMod; return true;
            case "labelmap": action = RelabelAction.LabelMap; return true;
            case "labeldrop": action = RelabelAction.LabelDrop; return true;
            case "labelkeep": action = RelabelAction.LabelKeep; return true;
            case "lowercase": action = RelabelAction.Lowercase; return true;
            case "uppercase": action = RelabelAction.Uppercase; return true;
            default: return false;
        }
    }

    public static string Name(RelabelAction action) => action.ToString().ToLowerInvariant();
}
