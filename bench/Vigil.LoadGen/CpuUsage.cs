namespace Vigil.LoadGen;

/// <summary>
/// CPU time spent during the sending window: by the receiver when its process id was given (same machine only), and
/// by the generator itself, which on a small machine competes with the receiver for the same cores.
/// </summary>
internal readonly record struct CpuUsage(TimeSpan? Receiver, TimeSpan Generator);
