using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using EmotionGrid.Storage.Catalog;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmotionGrid.Storage.Sqlite;

/// <summary>Model versions and training runs in the catalog's SQLite file (embedded mode).</summary>
public sealed class SqliteModelRegistry : IModelRegistry
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS model_versions (
            version INTEGER PRIMARY KEY,
            embedder TEXT NOT NULL,
            dimension INTEGER NOT NULL,
            model_blob TEXT NOT NULL,
            metrics_json TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS training_runs (
            run_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            stage TEXT,
            progress REAL NOT NULL DEFAULT 0,
            model_version INTEGER,
            error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_training_runs_status ON training_runs (status);
        """;

    private const string RunColumns = "run_id, status, stage, progress, model_version, error, created_at, updated_at";
    private const string VersionColumns = "version, embedder, dimension, model_blob, metrics_json, created_at, active";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _clock;

    public SqliteModelRegistry(string databasePath, TimeProvider? clock = null)
    {
        _connections = new SqliteConnectionFactory(databasePath);
        _clock = clock ?? TimeProvider.System;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await connection.ExecuteAsync(Schema);
    }

    public async Task<(bool Started, TrainingRunRecord Run)> TryStartRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        var now = Now();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO training_runs (run_id, status, progress, created_at, updated_at)
            SELECT @runId, 'queued', 0, @now, @now
            WHERE NOT EXISTS (SELECT 1 FROM training_runs WHERE status IN ('queued', 'running'))
            """,
            new { runId, now });
        if (inserted == 1)
        {
            return (true, (await GetRunAsync(connection, runId))!);
        }

        var current = await connection.QueryFirstAsync<RunRow>(
            $"SELECT {RunColumns} FROM training_runs WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 1");
        return (false, current.ToRecord());
    }

    public async Task UpdateRunAsync(string runId, string status, string? stage, double progress, int? modelVersion = null, string? error = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE training_runs SET status = @status, stage = @stage, progress = @progress,
                model_version = COALESCE(@modelVersion, model_version), error = @error, updated_at = @now
            WHERE run_id = @runId
            """,
            new { runId, status, stage, progress, modelVersion, error, now = Now() });
    }

    public async Task<TrainingRunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await GetRunAsync(connection, runId);
    }

    public async Task<IReadOnlyList<TrainingRunRecord>> ListRecentRunsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>($"SELECT {RunColumns} FROM training_runs ORDER BY created_at DESC, run_id LIMIT @limit", new { limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<TrainingRunRecord>> ListUnfinishedRunsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>($"SELECT {RunColumns} FROM training_runs WHERE status IN ('queued', 'running') ORDER BY created_at");
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<DateTimeOffset?> LastSucceededRunAtAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var at = await connection.ExecuteScalarAsync<long?>("SELECT MAX(created_at) FROM training_runs WHERE status = 'succeeded'");
        return at is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<int> NextVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions");
    }

    public async Task AddVersionAsync(ModelVersionRecord version, bool activate, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (activate)
        {
            await connection.ExecuteAsync("UPDATE model_versions SET active = 0 WHERE active = 1", transaction: transaction);
        }

        await connection.ExecuteAsync(
            $"INSERT INTO model_versions ({VersionColumns}) VALUES (@Version, @Embedder, @Dimension, @ModelBlob, @MetricsJson, @createdAt, @active)",
            new { version.Version, version.Embedder, version.Dimension, version.ModelBlob, version.MetricsJson, createdAt = version.CreatedAt.ToUnixTimeMilliseconds(), active = activate ? 1 : 0 },
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersionRecord>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<VersionRow>($"SELECT {VersionColumns} FROM model_versions ORDER BY version DESC");
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<ModelVersionRecord?> GetVersionAsync(int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<VersionRow>($"SELECT {VersionColumns} FROM model_versions WHERE version = @version", new { version });
        return row?.ToRecord();
    }

    public async Task<ModelVersionRecord?> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<VersionRow>($"SELECT {VersionColumns} FROM model_versions WHERE active = 1");
        return row?.ToRecord();
    }

    public async Task<bool> ActivateAsync(int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        // One statement: there is never a moment with two active versions, nor none while the target exists.
        var changed = await connection.ExecuteAsync(
            "UPDATE model_versions SET active = CASE WHEN version = @version THEN 1 ELSE 0 END WHERE EXISTS (SELECT 1 FROM model_versions WHERE version = @version)",
            new { version });
        return changed > 0;
    }

    private static async Task<TrainingRunRecord?> GetRunAsync(SqliteConnection connection, string runId)
    {
        var row = await connection.QueryFirstOrDefaultAsync<RunRow>($"SELECT {RunColumns} FROM training_runs WHERE run_id = @runId", new { runId });
        return row?.ToRecord();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);

    private Task<SqliteConnection> OpenForWriteAsync(CancellationToken cancellationToken) => _connections.OpenForWriteAsync(cancellationToken);

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class RunRow
    {
        public string run_id { get; set; } = "";
        public string status { get; set; } = "";
        public string? stage { get; set; }
        public double progress { get; set; }
        public long? model_version { get; set; }
        public string? error { get; set; }
        public long created_at { get; set; }
        public long updated_at { get; set; }

        public TrainingRunRecord ToRecord() => new(run_id, status, stage, progress, (int?)model_version, error,
            DateTimeOffset.FromUnixTimeMilliseconds(created_at), DateTimeOffset.FromUnixTimeMilliseconds(updated_at));
    }

    private sealed class VersionRow
    {
        public long version { get; set; }
        public string embedder { get; set; } = "";
        public long dimension { get; set; }
        public string model_blob { get; set; } = "";
        public string metrics_json { get; set; } = "";
        public long created_at { get; set; }
        public long active { get; set; }

        public ModelVersionRecord ToRecord() => new((int)version, embedder, (int)dimension, model_blob, metrics_json,
            DateTimeOffset.FromUnixTimeMilliseconds(created_at), active == 1);
    }
}
