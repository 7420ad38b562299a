using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Metrics.Tests.Sd;

/// <summary>
/// A tiny authoritative DNS responder on 127.0.0.1 (UDP) for the DNS SD tests: answers SRV, A and AAAA questions from
/// a table the test fills, with a settable response code (NXDOMAIN, SERVFAIL) per name.
/// </summary>
internal sealed class LoopbackDnsServer : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<(string Name, ushort Type), List<byte[]>> _answers = [];
    private readonly Dictionary<string, byte> _rcodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackDnsServer()
    {
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public void Clear()
    {
        lock (_answers)
        {
            _answers.Clear();
            _rcodes.Clear();
        }
    }

    public void AddSrv(string name, string target, ushort port) => Add(name, 33, [.. U16(0), .. U16(0), .. U16(port), .. EncodeName(target)]);

    public void AddA(string name, string address) => Add(name, 1, IPAddress.Parse(address).GetAddressBytes());

    public void AddAaaa(string name, string address) => Add(name, 28, IPAddress.Parse(address).GetAddressBytes());

    /// <summary>Answers every question for <paramref name="name"/> with this response code (3 NXDOMAIN, 2 SERVFAIL).</summary>
    public void SetRcode(string name, byte rcode)
    {
        lock (_answers)
        {
            _rcodes[Normalize(name)] = rcode;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"LoopbackDnsServer loop ended with {e.InnerException?.Message}");
        }

        _stop.Dispose();
    }

    private void Add(string name, ushort type, byte[] rdata)
    {
        lock (_answers)
        {
            var key = (Normalize(name), type);
            if (!_answers.TryGetValue(key, out var list))
            {
                _answers[key] = list = [];
            }

            list.Add(rdata);
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // Stopped by Dispose.
            }

            var reply = Answer(received.Buffer);
            await _socket.SendAsync(reply, received.RemoteEndPoint);
        }
    }

    private byte[] Answer(byte[] query)
    {
        // Question: header (12 bytes), then the name as labels, then type and class.
        var (name, end) = ReadName(query, 12);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(end));
        var question = query.AsSpan(12, end + 4 - 12).ToArray();
        List<byte[]> answers;
        byte rcode;
        lock (_answers)
        {
            answers = _answers.TryGetValue((name, type), out var list) ? [.. list] : [];
            rcode = _rcodes.TryGetValue(name, out var code) ? code : (byte)0;
        }

        if (rcode != 0)
        {
            answers = [];
        }

        var reply = new List<byte>();
        reply.AddRange(query.AsSpan(0, 2).ToArray());
        reply.Add(0x84); // QR, authoritative
        reply.Add(rcode);
        reply.AddRange(U16(1));
        reply.AddRange(U16((ushort)answers.Count));
        reply.AddRange(U16(0));
        reply.AddRange(U16(0));
        reply.AddRange(question);
        foreach (var rdata in answers)
        {
            reply.AddRange(U16(0xC00C)); // pointer to the question name
            reply.AddRange(U16(type));
            reply.AddRange(U16(1));
            reply.AddRange([0, 0, 0, 30]);
            reply.AddRange(U16((ushort)rdata.Length));
            reply.AddRange(rdata);
        }

        return [.. reply];
    }

    private static (string Name, int End) ReadName(byte[] message, int offset)
    {
        var labels = new List<string>();
        while (message[offset] != 0)
        {
            var length = message[offset];
            labels.Add(Encoding.ASCII.GetString(message, offset + 1, length));
            offset += length + 1;
        }

        return (Normalize(string.Join('.', labels)), offset + 1);
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    private static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
