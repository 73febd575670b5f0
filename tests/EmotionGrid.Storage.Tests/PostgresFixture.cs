using EmotionGrid.Storage.Postgres;
using EmotionGrid.Testing;
using Npgsql;

namespace EmotionGrid.Storage.Tests;

/// <summary>
/// One test's PostgreSQL: a fresh database on the process-wide <see cref="PostgresServer"/> (created on first use),
/// and every data source the test opens on it. Each data source is a silo's own pool; all are disposed with the
/// test so the server's connection slots are not used up by idle pools of finished tests.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _connectionString;

    public PostgresServer? Server { get; private set; }

    /// <summary>The test's database (created on first call; the test is skipped when PostgreSQL is not installed).</summary>
    public async Task<string> ConnectionStringAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connectionString is null)
            {
                Server = await PostgresServer.SharedAsync();
                _connectionString = await Server.CreateDatabaseAsync();
            }

            return _connectionString;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new pool on the test's database: what another silo would have.</summary>
    public async Task<NpgsqlDataSource> NewDataSourceAsync(string? connectionString = null)
    {
        var dataSource = PostgresStorageRegistration.CreateDataSource(connectionString ?? await ConnectionStringAsync());
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return dataSource;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        _gate.Dispose();
    }
}
