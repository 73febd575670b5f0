using System.Data.Common;
using Dapper;
using EmotionGrid.Storage.Models;
using Npgsql;

namespace EmotionGrid.Storage.Postgres;

/// <summary>
/// Model versions and training runs in PostgreSQL, shared by every silo. The SQLite adapter's behaviour, with the
/// invariants enforced by the database rather than by check-then-act: a partial unique index admits one queued or
/// running run and one active version, version numbers are handed out once each, and activations are serialized.
/// </summary>
public sealed class PostgresModelRegistry(NpgsqlDataSource dataSource) : IModelRegistry
{
    private const string Now = PostgresSchema.NowMs;
    private const string RunColumns = "run_id, status, stage, progress, model_version, error, created_at, updated_at";
    private const string VersionColumns = "version, embedder, dimension, model_blob, metrics_json, created_at, active";

    private readonly PostgresConnections _db = new(dataSource);

    /// <summary>Creates the shared schema when missing; see <see cref="PostgresSchema.InitializeAsync"/>.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => PostgresSchema.InitializeAsync(_db.DataSource, cancellationToken);

    /// <summary>
    /// Inserts unless the one-active-run index already holds a run; then returns that run. The insert waits for a
    /// concurrent one (any silo) to commit, so exactly one caller starts. Reusing a finished run's id throws, like SQLite.
    /// </summary>
    public Task<(bool Started, TrainingRunRecord Run)> TryStartRunAsync(string runId, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection =>
        {
            // The blocking run can finish between the insert and the read: then the slot is free, so try again.
            for (var attempt = 1; ; attempt++)
            {
                var inserted = await connection.ExecuteAsync(Cmd(
                    $"""
                    INSERT INTO training_runs (run_id, status, progress, created_at, updated_at)
                    SELECT @runId, 'queued', 0, t.now, t.now FROM (SELECT {Now} AS now) t
                    ON CONFLICT ((true)) WHERE {PostgresSchema.ActiveRunPredicate} DO NOTHING
                    """,
                    new { runId }, cancellationToken));
                if (inserted == 1)
                {
                    return (true, (await GetRunAsync(connection, runId, cancellationToken))!);
                }

                var current = await connection.QueryFirstOrDefaultAsync<RunRow>(Cmd(
                    $"SELECT {RunColumns} FROM training_runs WHERE {PostgresSchema.ActiveRunPredicate} ORDER BY created_at LIMIT 1", null, cancellationToken));
                if (current is not null || attempt == 5)
                {
                    return (false, current?.ToRecord() ?? throw new InvalidOperationException("the training slot stayed contended; try again"));
                }
            }
        }, cancellationToken);

    public Task UpdateRunAsync(string runId, string status, string? stage, double progress, int? modelVersion = null, string? error = null, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => connection.ExecuteAsync(Cmd(
            $"""
            UPDATE training_runs SET status = @status, stage = @stage, progress = @progress,
                model_version = COALESCE(@modelVersion, model_version), error = @error, updated_at = {Now}
            WHERE run_id = @runId
            """,
            new { runId, status, stage, progress, modelVersion, error }, cancellationToken)), cancellationToken);

    public Task<TrainingRunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => GetRunAsync(connection, runId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<TrainingRunRecord>> ListRecentRunsAsync(int limit, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<TrainingRunRecord>>(async connection => (await connection.QueryAsync<RunRow>(Cmd(
            $"SELECT {RunColumns} FROM training_runs ORDER BY created_at DESC, run_id COLLATE \"C\" LIMIT @limit", new { limit }, cancellationToken)))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<IReadOnlyList<TrainingRunRecord>> ListUnfinishedRunsAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<TrainingRunRecord>>(async connection => (await connection.QueryAsync<RunRow>(Cmd(
            $"SELECT {RunColumns} FROM training_runs WHERE {PostgresSchema.ActiveRunPredicate} ORDER BY created_at", null, cancellationToken)))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<DateTimeOffset?> LastSucceededRunAtAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection =>
        {
            var at = await connection.ExecuteScalarAsync<long?>(Cmd("SELECT MAX(created_at) FROM training_runs WHERE status = 'succeeded'", null, cancellationToken));
            return at is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <summary>
    /// Hands out each number once, even to callers that have not added their version yet (unlike SQLite's
    /// MAX + 1): two runs that overlap (a training grain re-activated elsewhere while the old run still works) get
    /// different numbers and so never write the same <c>models/v&lt;N&gt;/</c> blobs. A run that fails leaves a gap.
    /// </summary>
    public Task<int> NextVersionAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => connection.ExecuteScalarAsync<int>(Cmd(
            """
            INSERT INTO model_version_counter AS c (id, last)
            VALUES (true, (SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions))
            ON CONFLICT (id) DO UPDATE SET last = GREATEST(c.last + 1, (SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions))
            RETURNING last
            """, null, cancellationToken)), cancellationToken);

    /// <summary>In one transaction behind the activation lock; a version number that exists already throws <see cref="InvalidOperationException"/>.</summary>
    public async Task AddVersionAsync(ModelVersionRecord version, bool activate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        try
        {
            await _db.InTransactionAsync(async (connection, transaction) =>
            {
                if (activate)
                {
                    await LockActivationAsync(connection, transaction, cancellationToken);
                    await connection.ExecuteAsync(Cmd("UPDATE model_versions SET active = false WHERE active", null, cancellationToken, transaction));
                }

                await connection.ExecuteAsync(Cmd(
                    $"INSERT INTO model_versions ({VersionColumns}) VALUES (@Version, @Embedder, @Dimension, @ModelBlob, @MetricsJson, @createdAt, @activate)",
                    new { version.Version, version.Embedder, version.Dimension, version.ModelBlob, version.MetricsJson, createdAt = version.CreatedAt.ToUnixTimeMilliseconds(), activate },
                    cancellationToken, transaction));
                return true;
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "model_versions_pkey")
        {
            throw new InvalidOperationException($"model version {version.Version} is already registered (another run published it); start a new run", e);
        }
    }

    public Task<IReadOnlyList<ModelVersionRecord>> ListVersionsAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<ModelVersionRecord>>(async connection => (await connection.QueryAsync<VersionRow>(Cmd(
            $"SELECT {VersionColumns} FROM model_versions ORDER BY version DESC", null, cancellationToken))).Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<ModelVersionRecord?> GetVersionAsync(int version, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => (await connection.QueryFirstOrDefaultAsync<VersionRow>(Cmd(
            $"SELECT {VersionColumns} FROM model_versions WHERE version = @version", new { version }, cancellationToken)))?.ToRecord(), cancellationToken);

    public Task<ModelVersionRecord?> GetActiveAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => (await connection.QueryFirstOrDefaultAsync<VersionRow>(Cmd(
            $"SELECT {VersionColumns} FROM model_versions WHERE active", null, cancellationToken)))?.ToRecord(), cancellationToken);

    /// <summary>
    /// Deactivates the others and activates <paramref name="version"/> in one transaction, behind the activation lock:
    /// readers never see two active versions (nor none while the target exists), and concurrent activations queue.
    /// </summary>
    public Task<bool> ActivateAsync(int version, CancellationToken cancellationToken = default) =>
        _db.InTransactionAsync(async (connection, transaction) =>
        {
            await LockActivationAsync(connection, transaction, cancellationToken);
            if (!await connection.ExecuteScalarAsync<bool>(Cmd("SELECT EXISTS (SELECT 1 FROM model_versions WHERE version = @version)", new { version }, cancellationToken, transaction)))
            {
                return false;
            }

            await connection.ExecuteAsync(Cmd("UPDATE model_versions SET active = false WHERE active AND version <> @version", new { version }, cancellationToken, transaction));
            await connection.ExecuteAsync(Cmd("UPDATE model_versions SET active = true WHERE version = @version AND NOT active", new { version }, cancellationToken, transaction));
            return true;
        }, cancellationToken);

    private static Task LockActivationAsync(NpgsqlConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Cmd("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresSchema.ActiveVersionLockKey }, cancellationToken, transaction));

    private static async Task<TrainingRunRecord?> GetRunAsync(NpgsqlConnection connection, string runId, CancellationToken cancellationToken) =>
        (await connection.QueryFirstOrDefaultAsync<RunRow>(Cmd($"SELECT {RunColumns} FROM training_runs WHERE run_id = @runId", new { runId }, cancellationToken)))?.ToRecord();

    private static CommandDefinition Cmd(string sql, object? parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private sealed class RunRow
    {
        public string run_id { get; set; } = "";
        public string status { get; set; } = "";
        public string? stage { get; set; }
        public double progress { get; set; }
        public int? model_version { get; set; }
        public string? error { get; set; }
        public long created_at { get; set; }
        public long updated_at { get; set; }

        public TrainingRunRecord ToRecord() => new(run_id, status, stage, progress, model_version, error,
            DateTimeOffset.FromUnixTimeMilliseconds(created_at), DateTimeOffset.FromUnixTimeMilliseconds(updated_at));
    }

    private sealed class VersionRow
    {
        public int version { get; set; }
        public string embedder { get; set; } = "";
        public int dimension { get; set; }
        public string model_blob { get; set; } = "";
        public string metrics_json { get; set; } = "";
        public long created_at { get; set; }
        public bool active { get; set; }

        public ModelVersionRecord ToRecord() => new(version, embedder, dimension, model_blob, metrics_json,
            DateTimeOffset.FromUnixTimeMilliseconds(created_at), active);
    }
}
