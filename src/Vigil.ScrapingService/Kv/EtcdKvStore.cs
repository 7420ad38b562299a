using System.Runtime.CompilerServices;
using System.Threading.Channels;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace Vigil.ScrapingService.Kv;

/// <summary>
/// The store of a scraping-service cluster (<c>store: etcd</c>). Versions are etcd mod revisions; compare-and-swap is an
/// etcd transaction. Watches reconnect through the client, and consumers resync by listing because a watch may miss
/// events across an etcd restart.
/// </summary>
public sealed class EtcdKvStore : IKvStore
{
    private readonly EtcdClient _client;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    public EtcdKvStore(EtcdClient client, TimeSpan requestTimeout, ILogger logger)
    {
        _client = client;
        _timeout = requestTimeout;
        _logger = logger;
    }

    /// <summary>Connects to the first reachable of <paramref name="endpoints"/> (comma-joined for the client).</summary>
    public static EtcdKvStore Connect(IReadOnlyList<string> endpoints, string? username, string? password, TimeSpan requestTimeout, ILogger logger)
    {
        var connection = string.Join(",", endpoints.Select(e => e.Contains("://", StringComparison.Ordinal) ? e : "http://" + e));
        EtcdClient client = string.IsNullOrEmpty(username)
            ? new EtcdClient(connection, configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure)
            : new EtcdClient(connection, username, password ?? string.Empty, configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure);
        return new EtcdKvStore(client, requestTimeout, logger);
    }

    public async Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await Call(ct => _client.GetAsync(key, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ToEntry(response.Kvs[0]);
    }

    public async Task<IReadOnlyList<KvEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var response = await Call(ct => _client.GetRangeAsync(prefix, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var list = response.Kvs.Select(ToEntry).ToList();
        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    public async Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken)
    {
        var put = new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(value) } };
        var txn = new TxnRequest();
        AddCompare(txn, key, expectedVersion);
        txn.Success.Add(put);
        var response = await Call(ct => _client.TransactionAsync(txn, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Succeeded;
    }

    public async Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
    {
        var txn = new TxnRequest();
        AddCompare(txn, key, expectedVersion);
        txn.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(key) } });
        var response = await Call(ct => _client.TransactionAsync(txn, deadline: Deadline(), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Succeeded && response.Responses.Count > 0 && response.Responses[0].ResponseDeleteRange.Deleted > 0;
    }

    public async IAsyncEnumerable<KvEvent> WatchAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<KvEvent>(new UnboundedChannelOptions { SingleReader = true });
        void OnResponse(WatchResponse response)
        {
            foreach (var e in response.Events)
            {
                var key = e.Kv.Key.ToStringUtf8();
                channel.Writer.TryWrite(e.Type == Event.Types.EventType.Delete ? new KvEvent(key, null) : new KvEvent(key, e.Kv.Value.ToByteArray()));
            }
        }

        try
        {
            // Registers the watch and returns; events arrive on the callback until the token is cancelled.
            await _client.WatchRangeAsync(prefix, (Action<WatchResponse>)OnResponse, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            _logger.LogWarning("etcd watch on {prefix} could not start: {status}; consumers resync by listing", prefix, e.Status.Detail);
            yield break;
        }

        await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void AddCompare(TxnRequest txn, string key, long expectedVersion)
    {
        if (expectedVersion == IKvStore.AnyVersion)
        {
            return;
        }

        txn.Compare.Add(expectedVersion == 0
            ? new Compare { Key = ByteString.CopyFromUtf8(key), Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = 0 }
            : new Compare { Key = ByteString.CopyFromUtf8(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedVersion });
    }

    private static KvEntry ToEntry(KeyValue kv) => new(kv.Key.ToStringUtf8(), kv.Value.ToByteArray(), kv.ModRevision);

    private DateTime Deadline() => DateTime.UtcNow + _timeout;

    /// <summary>Turns gRPC failures into <see cref="IOException"/> naming etcd, so callers map them to one error kind.</summary>
    private static async Task<T> Call<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"etcd: {e.Status.StatusCode}: {e.Status.Detail}", e);
        }
    }
}
