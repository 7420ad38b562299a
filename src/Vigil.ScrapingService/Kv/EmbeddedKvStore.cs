using Microsoft.Data.Sqlite;

namespace Vigil.ScrapingService.Kv;

/// <summary>
/// The default store (<c>store: embedded</c>): a SQLite file, so a single agent needs no other service and its configs
/// survive restarts. Writes are durable when they return (WAL journal, synchronous=FULL). Versions come from one
/// counter that never goes back, so a compare-and-swap cannot be fooled by a delete and re-create. Watches see the
/// writes of this process; the file is not meant to be shared by several agents (use etcd for a cluster).
/// </summary>
public sealed class EmbeddedKvStore : IKvStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly KvWatchHub _hub = new();

    private EmbeddedKvStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the store file at <paramref name="path"/>.</summary>
    public static async Task<EmbeddedKvStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot open the embedded KV store {path}: {e.Message}", e);
            }
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(
                connection,
                """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                INSERT OR IGNORE INTO meta(name, value) VALUES ('version', 0);
                """,
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot open the embedded KV store {path}: {e.Message}", e);
        }

        return new EmbeddedKvStore(connection, path);
    }

    public async Task<KvEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GetLockedAsync(key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<KvEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT key, value, version FROM kv WHERE substr(key, 1, length($prefix)) = $prefix";
            command.Parameters.AddWithValue("$prefix", prefix);
            var list = new List<KvEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new KvEntry(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetInt64(2)));
            }

            list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return list;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> PutAsync(string key, byte[] value, long expectedVersion, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var current = (await GetLockedAsync(key, cancellationToken, tx).ConfigureAwait(false))?.Version ?? 0;
            if (expectedVersion != IKvStore.AnyVersion && expectedVersion != current)
            {
                return false;
            }

            var version = await NextVersionAsync(tx, cancellationToken).ConfigureAwait(false);
            using var command = _connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "INSERT INTO kv(key, value, version) VALUES ($key, $value, $version) ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.Parameters.AddWithValue("$version", version);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            _hub.Publish(new KvEvent(key, value));
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = expectedVersion == IKvStore.AnyVersion
                ? "DELETE FROM kv WHERE key = $key"
                : "DELETE FROM kv WHERE key = $key AND version = $version";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$version", expectedVersion);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            if (deleted)
            {
                _hub.Publish(new KvEvent(key, null));
            }

            return deleted;
        }
        finally
        {
            _gate.Release();
        }
    }

    public IAsyncEnumerable<KvEvent> WatchAsync(string prefix, CancellationToken cancellationToken) => _hub.WatchAsync(prefix, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _hub.Complete();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<KvEntry?> GetLockedAsync(string key, CancellationToken cancellationToken, SqliteTransaction? tx = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT value, version FROM kv WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new KvEntry(key, (byte[])reader.GetValue(0), reader.GetInt64(1))
            : null;
    }

    private async Task<long> NextVersionAsync(SqliteTransaction tx, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "UPDATE meta SET value = value + 1 WHERE name = 'version' RETURNING value";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
