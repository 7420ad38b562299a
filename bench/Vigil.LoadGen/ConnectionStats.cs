namespace Vigil.LoadGen;

/// <summary>What one connection sent and what came back. Written by its own worker only; read after the run.</summary>
internal sealed class ConnectionStats
{
    public long Requests { get; set; }

    public long AcceptedRequests { get; set; }

    public long SamplesSent { get; set; }

    public long SamplesAccepted { get; set; }

    public long BytesSent { get; set; }

    public long TransportErrors { get; set; }

    public long EncodeTicks { get; set; }

    /// <summary>Count of answers outside 2xx, by HTTP status.</summary>
    public Dictionary<int, long> NonSuccess { get; } = [];

    /// <summary>The first error text per status (0 for transport errors), to say why samples were refused.</summary>
    public Dictionary<int, string> FirstErrors { get; } = [];

    public LatencyRecorder Latencies { get; } = new();
}
