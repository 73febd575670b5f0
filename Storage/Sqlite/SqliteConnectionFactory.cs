using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EmotionGrid.Storage.Sqlite;

/// <summary>
/// Opens pooled connections to one SQLite file. Writers in this process queue on one async gate per file:
/// SQLite takes one writer at a time anyway, and a writer that finds the file locked is retried by
/// Microsoft.Data.Sqlite only every 150 ms (SQLite's own busy handler in this build sleeps whole seconds),
/// which stalled the pipeline between files when two grains finished and started work at once.
/// Writers in other processes still meet the busy timeout.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate;

    static SqliteConnectionFactory() => SQLitePCL.Batteries_V2.Init();

    public SqliteConnectionFactory(string databasePath)
    {
        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _writeGate = WriteGates.GetOrAdd(fullPath, _ => new SemaphoreSlim(1, 1));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>A connection for reads (WAL readers never wait for the writer).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(new SqliteConnection(_connectionString), cancellationToken);

    /// <summary>A connection for writes: holds this file's write gate until it is disposed. Keep it short.</summary>
    public async Task<SqliteConnection> OpenForWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await OpenAsync(new GatedSqliteConnection(_connectionString, _writeGate), cancellationToken);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);

            // In WAL mode NORMAL skips the fsync on every commit yet stays consistent and survives a killed
            // process (what the crash tests exercise); only an OS crash can lose the last commits.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Releases the write gate once, when the connection is disposed (DisposeAsync ends in Dispose).</summary>
    private sealed class GatedSqliteConnection(string connectionString, SemaphoreSlim gate) : SqliteConnection(connectionString)
    {
        private int _released;

        protected override void Dispose(bool disposing)
        {
            try
            {
                base.Dispose(disposing);
            }
            finally
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    gate.Release();
                }
            }
        }
    }
}
