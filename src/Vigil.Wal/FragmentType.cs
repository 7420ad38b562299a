namespace Vigil.Wal;

/// <summary>The low 3 bits of a fragment header (Prometheus recType).</summary>
internal enum FragmentType : byte
{
    /// <summary>The rest of the page is zero padding.</summary>
    PageTerm = 0,
    Full = 1,
    First = 2,
    Middle = 3,
    Last = 4,
}
