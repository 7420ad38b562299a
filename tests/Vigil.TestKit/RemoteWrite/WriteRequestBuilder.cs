namespace Vigil.TestKit.RemoteWrite;

/// <summary>
/// Builds a <c>prompb.WriteRequest</c> exactly as given: labels in the order passed (sorted or not, repeated or not),
/// any float values, and optional padding in an unknown field to reach a body size without adding series.
/// </summary>
public sealed class WriteRequestBuilder
{
    /// <summary>A field number prompb does not use: decoders skip it.</summary>
    public const int PaddingField = 15;

    private readonly ProtoWriter _writer = new();

    public WriteRequestBuilder Series(IReadOnlyList<KeyValuePair<string, string>> labels, params (long Timestamp, double Value)[] samples)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(samples);
        var series = new ProtoWriter();
        foreach (var (name, value) in labels)
        {
            var label = new ProtoWriter();
            label.String(1, name);
            label.String(2, value);
            series.Bytes(1, label.ToArray());
        }

        foreach (var (t, v) in samples)
        {
            var sample = new ProtoWriter();
            sample.Double(1, v);
            sample.Int64(2, t);
            series.Bytes(2, sample.ToArray());
        }

        _writer.Bytes(1, series.ToArray());
        return this;
    }

    /// <summary>A series from alternating names and values: <c>"__name__", "up", "job", "a"</c>.</summary>
    public WriteRequestBuilder Series(string[] nameValues, params (long Timestamp, double Value)[] samples) =>
        Series(Pairs(nameValues), samples);

    public WriteRequestBuilder Padding(int bytes)
    {
        _writer.Bytes(PaddingField, new byte[bytes]);
        return this;
    }

    public byte[] ToProtobuf() => _writer.ToArray();

    public byte[] ToSnappy() => SnappyBlockWriter.Encode(_writer.ToArray());

    public static KeyValuePair<string, string>[] Pairs(params string[] nameValues)
    {
        ArgumentNullException.ThrowIfNull(nameValues);
        if (nameValues.Length % 2 != 0)
        {
            throw new ArgumentException("names and values must alternate", nameof(nameValues));
        }

        var pairs = new KeyValuePair<string, string>[nameValues.Length / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new KeyValuePair<string, string>(nameValues[2 * i], nameValues[(2 * i) + 1]);
        }

        return pairs;
    }
}
