using Vigil.Common.Model;

namespace Vigil.Metrics.RemoteWrite;

/// <summary>
/// Applies a remote_write's <c>write_relabel_configs</c> to a series' labels. The relabel engine (Vigil.Metrics.Relabel)
/// implements this; remote write depends only on this seam so that it can be built and tested first.
/// </summary>
internal interface IWriteRelabeler
{
    /// <summary>Returns false when the series is dropped; otherwise <paramref name="result"/> holds the new labels.</summary>
    bool TryRelabel(Labels labels, out Labels result);
}
