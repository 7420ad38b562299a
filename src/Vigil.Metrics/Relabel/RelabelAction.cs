namespace Vigil.Metrics.Relabel;

/// <summary>The relabel actions of Prometheus model/relabel (names are the lower-case YAML spellings).</summary>
internal enum RelabelAction
{
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}
