using System.Text;
using Vigil.TestKit.RemoteWrite;

namespace Vigil.EndToEnd.Tests;

/// <summary>
/// Deterministic mutated remote-write bodies: broken snappy (truncated, flipped, lying or overlong headers, copies
/// that point before the start), broken protobuf (overlong varints, huge length prefixes, wrong wire types), and
/// well-formed requests with awkward content (unsorted or repeated labels, empty names, NaN and infinite values).
/// </summary>
internal static class ReceiveFuzzBodies
{
    public const string SeriesName = "fuzz_series";

    private const int Kinds = 16;

    public static IEnumerable<(string Kind, byte[] Body)> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return Mutate(random, i % Kinds);
        }
    }

    /// <summary>Two 20 MB bodies: one valid (padded), one random bytes behind a valid snappy framing.</summary>
    public static IEnumerable<(string Kind, byte[] Body)> Huge(int seed)
    {
        var random = new Random(seed);
        yield return ("20 MB valid", new WriteRequestBuilder().Series(["__name__", SeriesName, "size", "huge"], (Now(), 1)).Padding(20_000_000).ToSnappy());
        var garbage = new byte[20_000_000];
        random.NextBytes(garbage);
        yield return ("20 MB garbage", SnappyBlockWriter.Encode(garbage));
    }

    private static (string, byte[]) Mutate(Random random, int kind)
    {
        var proto = ValidRequest(random).ToProtobuf();
        var body = SnappyBlockWriter.Encode(proto);
        switch (kind)
        {
            case 0:
                return ("truncated snappy", body[..random.Next(body.Length)]);
            case 1:
                return ("flipped snappy bytes", Flip(random, body));
            case 2:
                return ("flipped protobuf bytes", SnappyBlockWriter.Encode(Flip(random, proto)));
            case 3:
                {
                    byte[][] headers =
                    [
                        [0xff, 0xff, 0xff, 0xff, 0x0f],
                        [0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
                        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                        [0x81, 0x80, 0x80, 0x10],
                        [0x00],
                        [0x80],
                    ];
                    var header = headers[random.Next(headers.Length)];
                    var literal = SnappyBlockWriter.Encode(proto)[VarintLength((ulong)proto.Length)..];
                    return ("huge or broken snappy header", [.. header, .. literal]);
                }

            case 4:
                {
                    var at = random.Next(proto.Length + 1);
                    var overlong = Enumerable.Repeat((byte)0xff, 10 + random.Next(2)).ToArray();
                    return ("overlong protobuf varint", SnappyBlockWriter.Encode([.. proto[..at], .. overlong, .. proto[at..]]));
                }

            case 5:
                {
                    var writer = new ProtoWriter();
                    writer.Tag(1 + random.Next(4), 2);
                    writer.Varint(random.Next(2) == 0 ? ulong.MaxValue : (ulong)uint.MaxValue + (ulong)random.Next(1000));
                    writer.Raw(proto[..Math.Min(proto.Length, 16)]);
                    return ("huge length prefix", SnappyBlockWriter.Encode(writer.ToArray()));
                }

            case 6:
                {
                    var labels = Labels(random).OrderBy(_ => random.Next()).ToArray();
                    return ("unsorted labels", new WriteRequestBuilder().Series(labels, (Now(), 1)).ToSnappy());
                }

            case 7:
                {
                    var labels = Labels(random);
                    var repeated = labels[random.Next(labels.Length)];
                    return ("duplicate label", new WriteRequestBuilder().Series([.. labels, repeated], (Now(), 1)).ToSnappy());
                }

            case 8:
                return ("empty label name", new WriteRequestBuilder().Series([.. Labels(random), new(string.Empty, "x")], (Now(), 1)).ToSnappy());
            case 9:
                {
                    double[] values = [double.NaN, BitConverter.Int64BitsToDouble(0x7ff0000000000002), double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -0.0];
                    var samples = values.Select((v, i) => (Now() + i, v)).ToArray();
                    return ("NaN and infinite values", new WriteRequestBuilder().Series(Labels(random), samples).ToSnappy());
                }

            case 10:
                {
                    var bytes = new byte[random.Next(256)];
                    random.NextBytes(bytes);
                    return ("random bytes", bytes);
                }

            case 11:
                // A copy element whose offset points before the start of the output.
                return ("snappy copy before start", [0x20, 0x0c, .. "abcd"u8, 0x01 | (3 << 2), (byte)(10 + random.Next(200))]);
            case 12:
                {
                    var at = random.Next(body.Length + 1);
                    var noise = new byte[1 + random.Next(16)];
                    random.NextBytes(noise);
                    return ("inserted snappy bytes", [.. body[..at], .. noise, .. body[at..]]);
                }

            case 13:
                return ("no series", SnappyBlockWriter.Encode([]));
            case 14:
                return ("wrong wire type", SnappyBlockWriter.Encode([0x08, (byte)random.Next(128), .. proto]));
            default:
                {
                    var label = new ProtoWriter();
                    label.String(1, "__name__");
                    label.Bytes(2, [0x66, 0xc3, (byte)random.Next(0x28)]);
                    var series = new ProtoWriter();
                    series.Bytes(1, label.ToArray());
                    var request = new ProtoWriter();
                    request.Bytes(1, series.ToArray());
                    return ("invalid UTF-8 label value", SnappyBlockWriter.Encode(request.ToArray()));
                }
        }
    }

    private static WriteRequestBuilder ValidRequest(Random random)
    {
        var builder = new WriteRequestBuilder();
        for (var s = random.Next(1, 4); s > 0; s--)
        {
            var samples = Enumerable.Range(0, random.Next(1, 4)).Select(i => (Now() + i, random.NextDouble() * 1000)).ToArray();
            builder.Series(Labels(random), samples);
        }

        return builder;
    }

    private static KeyValuePair<string, string>[] Labels(Random random)
    {
        var labels = new List<KeyValuePair<string, string>> { new("__name__", SeriesName) };
        for (var i = random.Next(4); i > 0; i--)
        {
            labels.Add(new("l" + i, Value(random)));
        }

        return [.. labels];
    }

    private static string Value(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            text.Append(random.Next(3) == 0 ? (char)random.Next(0x80, 0x2000) : (char)random.Next('a', 'z' + 1));
        }

        return text.ToString();
    }

    private static byte[] Flip(Random random, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = random.Next(1, 5); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }

    private static int VarintLength(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
