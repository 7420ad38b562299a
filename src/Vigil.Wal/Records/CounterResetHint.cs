namespace Vigil.Wal.Records;

/// <summary>Whether a histogram sample is known to follow a counter reset.</summary>
public enum CounterResetHint : byte
{
    Unknown = 0,
    CounterReset = 1,
    NotCounterReset = 2,
    Gauge = 3,
}
