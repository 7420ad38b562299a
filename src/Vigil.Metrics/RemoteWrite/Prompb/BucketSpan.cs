namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>prompb <c>BucketSpan</c>: <see cref="Length"/> consecutive buckets starting <see cref="Offset"/> after the previous span.</summary>
internal readonly record struct BucketSpan(int Offset, uint Length);
