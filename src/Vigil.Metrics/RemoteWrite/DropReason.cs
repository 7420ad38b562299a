namespace Vigil.Metrics.RemoteWrite;

/// <summary>Values of the <c>reason</c> label of <c>prometheus_remote_storage_*_dropped_total</c>, as Prometheus names them.</summary>
internal static class DropReason
{
    /// <summary>The series was dropped on purpose by write_relabel_configs.</summary>
    public const string DroppedSeries = "dropped_series";

    /// <summary>A sample referred to a series the queue never learnt (or already forgot).</summary>
    public const string UnintentionallyDroppedSeries = "unintentionally_dropped_series";

    /// <summary>The sample was older than <c>queue_config.sample_age_limit</c> when it was about to be sent.</summary>
    public const string TooOld = "too_old";
}
