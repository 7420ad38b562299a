namespace Vigil.Metrics.RemoteWrite.Prompb;

/// <summary>A slice of a decoded request body: where a string's UTF-8 bytes are, without copying them.</summary>
internal readonly record struct ByteRange(int Offset, int Length)
{
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> body) => body.Slice(Offset, Length);
}
