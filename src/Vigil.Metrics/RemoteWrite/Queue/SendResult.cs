namespace Vigil.Metrics.RemoteWrite.Queue;

/// <summary>How sending one encoded range ended.</summary>
internal enum SendResult
{
    /// <summary>The receiver accepted it.</summary>
    Sent,

    /// <summary>Refused for good; counted as failed.</summary>
    Failed,

    /// <summary>Refused for out-of-order or duplicate samples: send it again in halves.</summary>
    Split,
}
