using Dapper;
using Npgsql;

namespace EmotionGrid.Storage.Postgres;

/// <summary>
/// The tables of the catalog, the model registry and the cluster names in one PostgreSQL database (the
/// connection's default schema). Several silos share the database and may start at once, so creation runs in
/// one transaction behind an advisory lock: concurrent <c>CREATE TABLE IF NOT EXISTS</c> can otherwise collide.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Serializes schema creation across silos (any constant; it only has to be the same everywhere).</summary>
    internal const long SchemaLockKey = 0x456D6F4772696401;

    /// <summary>Serializes activations of model versions, so exactly one stays active whatever runs at once.</summary>
    internal const long ActiveVersionLockKey = 0x456D6F4772696402;

    /// <summary>
    /// Unix milliseconds of the database's clock, fixed for the statement (<c>statement_timestamp()</c>): every silo
    /// stamps rows and leases with the same clock, so skewed host clocks cannot steal or keep leases.
    /// </summary>
    internal const string NowMs = "floor(extract(epoch from statement_timestamp()) * 1000)::bigint";

    /// <summary>Statuses that hold the single training slot.</summary>
    internal const string ActiveRunPredicate = "status IN ('queued', 'running')";

    private const string Ddl = $"""
        CREATE TABLE IF NOT EXISTS files (
            id text PRIMARY KEY,
            name text NOT NULL,
            status text NOT NULL,
            error text,
            size_bytes bigint NOT NULL,
            duration_seconds double precision,
            sample_rate bigint,
            channels bigint,
            embedder text,
            vector_dimension bigint,
            vector_blob text,
            audio_blob text NOT NULL,
            pending_blob text,
            warnings text,
            segments_blob text,
            segment_count bigint NOT NULL DEFAULT 0,
            label text,
            label_source text,
            speaker text,
            label_updated_at bigint,
            emotion text,
            confidence double precision,
            probabilities text,
            finished_at bigint,
            model_version bigint,
            attempts bigint NOT NULL DEFAULT 0,
            lease_owner text,
            lease_expires bigint,
            transcript text,
            transcript_text text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL);
        ALTER TABLE files ADD COLUMN IF NOT EXISTS transcript text;
        ALTER TABLE files ADD COLUMN IF NOT EXISTS transcript_text text;
        CREATE INDEX IF NOT EXISTS ix_files_status ON files (status);
        CREATE INDEX IF NOT EXISTS ix_files_audio_blob ON files (audio_blob);
        CREATE INDEX IF NOT EXISTS ix_files_pending_blob ON files (pending_blob) WHERE pending_blob IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_files_created ON files (created_at);
        CREATE INDEX IF NOT EXISTS ix_files_finished ON files (finished_at) WHERE finished_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_files_lower_name ON files (lower(name));
        CREATE INDEX IF NOT EXISTS ix_files_label_updated ON files (label_updated_at) WHERE label IS NOT NULL;
        CREATE TABLE IF NOT EXISTS file_aliases (
            id text NOT NULL REFERENCES files (id),
            name text NOT NULL,
            blob text NOT NULL,
            added_at bigint NOT NULL,
            PRIMARY KEY (id, name, blob));
        CREATE INDEX IF NOT EXISTS ix_file_aliases_lower_name ON file_aliases (lower(name));
        CREATE TABLE IF NOT EXISTS file_segments (
            id text NOT NULL REFERENCES files (id),
            idx bigint NOT NULL,
            start_seconds double precision NOT NULL,
            end_seconds double precision NOT NULL,
            emotion text,
            confidence double precision,
            PRIMARY KEY (id, idx));
        CREATE TABLE IF NOT EXISTS model_versions (
            version integer PRIMARY KEY,
            embedder text NOT NULL,
            dimension integer NOT NULL,
            model_blob text NOT NULL,
            metrics_json text NOT NULL,
            created_at bigint NOT NULL,
            active boolean NOT NULL DEFAULT false);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_model_versions_one_active ON model_versions (active) WHERE active;
        CREATE TABLE IF NOT EXISTS model_version_counter (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            last integer NOT NULL);
        CREATE TABLE IF NOT EXISTS training_runs (
            run_id text PRIMARY KEY,
            status text NOT NULL,
            stage text,
            progress double precision NOT NULL DEFAULT 0,
            model_version integer,
            error text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_training_runs_status ON training_runs (status);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_training_runs_one_active ON training_runs ((true)) WHERE {ActiveRunPredicate};
        CREATE TABLE IF NOT EXISTS cluster_names (
            embedder text NOT NULL,
            signature text NOT NULL,
            cluster_id integer NOT NULL,
            emotion text NOT NULL,
            named_at bigint NOT NULL,
            PRIMARY KEY (embedder, signature, cluster_id));
        """;

    /// <summary>
    /// Creates whatever is missing; harmless when everything exists, and safe when several silos call it at once.
    /// A database that cannot be used (unreachable, credentials refused, missing, no CREATE permission) throws
    /// <see cref="StorageConfigurationException"/> with one line naming the server and the cause.
    /// </summary>
    public static async Task InitializeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = SchemaLockKey }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(Ddl, transaction: transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (PostgresErrors.IsConnectionOrSetupFailure(e))
        {
            throw new StorageConfigurationException(PostgresErrors.Describe(e, dataSource.ConnectionString), e);
        }
    }
}

/// <summary>
/// Opens a pooled connection per call from the one data source and gives it back at once: nothing holds a
/// connection between calls, so a restarted server costs failed calls only while it is down. A call that meets a
/// dead connection clears the pool, so the next call opens a fresh one rather than the other idle dead ones
/// (Npgsql 10 does so itself, checked against a crash restart; clearing here keeps that independent of the driver).
/// </summary>
internal sealed class PostgresConnections(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception e) when (PostgresErrors.IsBrokenConnection(e))
        {
            DataSource.Clear();
            throw;
        }
    }

    public Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await work(connection);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns.</summary>
    public Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);
}
