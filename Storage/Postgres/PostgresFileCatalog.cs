using System.Data.Common;
using System.Text.Json;
using Dapper;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Storage.Catalog;
using Npgsql;

namespace EmotionGrid.Storage.Postgres;

/// <summary>
/// The catalog in PostgreSQL (distributed mode: every silo shares it). Statement for statement the SQLite
/// adapter's behaviour, but every timestamp and lease time comes from the database's clock, so silos with skewed
/// clocks agree on who holds a lease. Each state change is one atomic statement (or one transaction).
/// </summary>
public sealed class PostgresFileCatalog(NpgsqlDataSource dataSource) : IFileCatalog, IFileCatalogQueries
{
    private const string Now = PostgresSchema.NowMs;

    /// <summary>SQL for <see cref="LabelSource.Strength"/> of the stored label.</summary>
    private const string StoredLabelStrength =
        "CASE label_source WHEN 'manual' THEN 4 WHEN 'csv' THEN 3 WHEN 'filename' THEN 2 WHEN 'cluster' THEN 1 ELSE 0 END";

    private readonly PostgresConnections _db = new(dataSource);

    /// <summary>Creates the shared schema when missing; see <see cref="PostgresSchema.InitializeAsync"/>.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => PostgresSchema.InitializeAsync(_db.DataSource, cancellationToken);

    public Task<RegisterOutcome> RegisterAsync(NewFile file, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection =>
        {
            // ON CONFLICT waits for a concurrent insert of the same id to commit: of many registrations, one inserts.
            var inserted = await connection.ExecuteAsync(Cmd(
                $"""
                INSERT INTO files (id, name, status, size_bytes, audio_blob, attempts, created_at, updated_at,
                                   label, label_source, speaker, label_updated_at)
                SELECT @Id, @Name, 'queued', @SizeBytes, @AudioBlob, 0, t.now, t.now,
                       @Label, @labelSource, @Speaker, CASE WHEN @labelSource IS NULL THEN NULL ELSE t.now END
                FROM (SELECT {Now} AS now) t
                ON CONFLICT (id) DO NOTHING
                """,
                new { file.Id, file.Name, file.SizeBytes, file.AudioBlob, file.Label, file.Speaker, labelSource = file.Label is null ? null : LabelSource.FileName },
                cancellationToken));
            var record = (await GetAsync(connection, file.Id, cancellationToken))!;
            if (inserted == 1)
            {
                return new RegisterOutcome(RegisterResult.Registered, record);
            }

            var sameBlob = record.AudioBlob == file.AudioBlob || record.PendingBlob == file.AudioBlob;
            return new RegisterOutcome(sameBlob ? RegisterResult.AlreadyTracked : RegisterResult.Duplicate, record);
        }, cancellationToken);

    public Task AddAliasAsync(string id, string name, string blob, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => connection.ExecuteAsync(Cmd(
            $"INSERT INTO file_aliases (id, name, blob, added_at) VALUES (@id, @name, @blob, {Now}) ON CONFLICT DO NOTHING",
            new { id, name, blob }, cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<string>> GetAliasesAsync(string id, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<string>>(async connection => (await connection.QueryAsync<string>(Cmd(
            "SELECT name FROM file_aliases WHERE id = @id ORDER BY added_at, name COLLATE \"C\"", new { id }, cancellationToken))).ToList(), cancellationToken);

    public Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => GetAsync(connection, id, cancellationToken), cancellationToken);

    public Task<FileRecord?> FindByBlobAsync(string blobKey, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => (await connection.QueryFirstOrDefaultAsync<FileRow>(Cmd(
            $"SELECT {FileRow.Columns} FROM files WHERE audio_blob = @blobKey OR pending_blob = @blobKey LIMIT 1", new { blobKey }, cancellationToken)))?.ToRecord(),
            cancellationToken);

    /// <summary>One UPDATE: the row lock makes concurrent callers (any silo) re-check the lease after the winner commits.</summary>
    public Task<bool> TryStartProcessingAsync(string id, FileLease lease, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => 1 == await connection.ExecuteAsync(Cmd(
            $"""
            UPDATE files SET status = 'processing', attempts = attempts + 1, lease_owner = @Owner, lease_expires = t.now + @duration, updated_at = t.now
            FROM (SELECT {Now} AS now) t
            WHERE id = @id AND (status = 'queued' OR (status = 'processing' AND (
                lease_owner IS NULL OR lease_owner = @Owner OR lease_owner = @TakeOverFrom OR lease_expires IS NULL OR lease_expires <= t.now)))
            """,
            new { id, lease.Owner, lease.TakeOverFrom, duration = (long)lease.Duration.TotalMilliseconds }, cancellationToken)), cancellationToken);

    public Task<bool> RenewLeaseAsync(string id, FileLease lease, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => 1 == await connection.ExecuteAsync(Cmd(
            $"UPDATE files SET lease_expires = {Now} + @duration WHERE id = @id AND status = 'processing' AND lease_owner = @Owner",
            new { id, lease.Owner, duration = (long)lease.Duration.TotalMilliseconds }, cancellationToken)), cancellationToken);

    public Task SetPendingBlobAsync(string id, string pendingBlob, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => connection.ExecuteAsync(Cmd(
            $"UPDATE files SET pending_blob = @pendingBlob, updated_at = {Now} WHERE id = @id", new { id, pendingBlob }, cancellationToken)), cancellationToken);

    public Task<bool> MarkEmbeddedAsync(string id, EmbeddingResult result, string? leaseOwner = null, CancellationToken cancellationToken = default)
    {
        var segments = result.Segments ?? [];
        return _db.InTransactionAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(Cmd(
                $"""
                UPDATE files SET status = 'embedded', error = NULL, duration_seconds = @DurationSeconds, sample_rate = @SampleRate,
                    channels = @Channels, embedder = @Embedder, vector_dimension = @VectorDimension, vector_blob = @VectorBlob,
                    audio_blob = @AudioBlob, pending_blob = NULL, warnings = @warnings, segments_blob = @SegmentsBlob,
                    segment_count = @segmentCount, transcript = @transcript, transcript_text = @transcriptText,
                    lease_expires = NULL, finished_at = t.now, updated_at = t.now
                FROM (SELECT {Now} AS now) t
                WHERE id = @id AND (@leaseOwner::text IS NULL OR (status = 'processing' AND lease_owner = @leaseOwner))
                """,
                new
                {
                    id, result.DurationSeconds, result.SampleRate, result.Channels, result.Embedder, result.VectorDimension,
                    result.VectorBlob, result.AudioBlob, warnings = result.Warnings.Count == 0 ? null : string.Join('\n', result.Warnings),
                    result.SegmentsBlob, segmentCount = segments.Count, leaseOwner,
                    transcript = TranscriptJson.Write(result.Transcript), transcriptText = result.Transcript?.Text,
                },
                cancellationToken, transaction));
            if (changed == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(Cmd("DELETE FROM file_segments WHERE id = @id", new { id }, cancellationToken, transaction));
            await connection.ExecuteAsync(Cmd(
                "INSERT INTO file_segments (id, idx, start_seconds, end_seconds) VALUES (@id, @Index, @StartSeconds, @EndSeconds)",
                segments.Select(s => new { id, s.Index, s.StartSeconds, s.EndSeconds }).ToList(), cancellationToken, transaction));
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<FileSegment>> GetSegmentsAsync(string id, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<FileSegment>>(async connection =>
        {
            var rows = await connection.QueryAsync<(long Index, double Start, double End, string? Emotion, double? Confidence)>(Cmd(
                "SELECT idx, start_seconds, end_seconds, emotion, confidence FROM file_segments WHERE id = @id ORDER BY idx", new { id }, cancellationToken));
            return rows.Select(r => new FileSegment((int)r.Index, r.Start, r.End, r.Emotion, r.Confidence)).ToList();
        }, cancellationToken);

    public Task<bool> MarkFailedAsync(string id, string error, string audioBlob, string? leaseOwner = null, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => 1 == await connection.ExecuteAsync(Cmd(
            $"""
            UPDATE files SET status = 'failed', error = @error, audio_blob = @audioBlob, pending_blob = NULL, lease_expires = NULL,
                finished_at = t.now, updated_at = t.now
            FROM (SELECT {Now} AS now) t
            WHERE id = @id AND (@leaseOwner::text IS NULL OR (status = 'processing' AND lease_owner = @leaseOwner))
            """,
            new { id, error, audioBlob, leaseOwner }, cancellationToken)), cancellationToken);

    public Task<bool> ReleaseAsync(string id, FileLease lease, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => 1 == await connection.ExecuteAsync(Cmd(
            $"""
            UPDATE files SET attempts = GREATEST(attempts - 1, 0), lease_expires = t.now, updated_at = t.now
            FROM (SELECT {Now} AS now) t
            WHERE id = @id AND status = 'processing' AND lease_owner = @Owner
            """,
            new { id, lease.Owner }, cancellationToken)), cancellationToken);

    public Task<bool> SetTranscriptAsync(string id, Transcript transcript, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => await connection.ExecuteAsync(Cmd(
            "UPDATE files SET transcript = @json, transcript_text = @Text WHERE id = @id AND status = 'embedded'",
            new { id, json = TranscriptJson.Write(transcript), transcript.Text }, cancellationToken)) == 1, cancellationToken);

    public Task<IReadOnlyList<FileRecord>> ListUntranscribedAsync(int limit, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<FileRecord>>(async connection => (await connection.QueryAsync<FileRow>(Cmd(
            $"SELECT {FileRow.Columns} FROM files WHERE status = 'embedded' AND transcript IS NULL ORDER BY created_at, id LIMIT @limit", new { limit }, cancellationToken)))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<IReadOnlyList<FileRecord>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<FileRecord>>(async connection => (await connection.QueryAsync<FileRow>(Cmd(
            $"SELECT {FileRow.Columns} FROM files WHERE status IN ('queued', 'processing') ORDER BY created_at", null, cancellationToken)))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    /// <summary>
    /// SQLite's semantics: ILIKE (SQLite's LIKE ignores ASCII case) with the same escaping, and SQLite's sort order:
    /// bytewise text (<c>COLLATE "C"</c>), NULLs first ascending and last descending.
    /// </summary>
    public Task<FilePage> QueryAsync(FileQuery query, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection =>
        {
            var (filter, parameters) = FileQueryFilter.For(query, "ILIKE");
            var total = await connection.ExecuteScalarAsync<int>(Cmd($"SELECT COUNT(*) FROM files {filter}", parameters, cancellationToken));

            // Whitelisted column names only: the sort key never reaches the SQL text as given.
            var column = query.Sort switch
            {
                "name" => "name COLLATE \"C\"",
                "status" => "status COLLATE \"C\"",
                "duration" => "duration_seconds",
                "emotion" => "emotion COLLATE \"C\"",
                "confidence" => "confidence",
                "updatedAt" => "updated_at",
                _ => "created_at",
            };
            var direction = query.Descending ? "DESC NULLS LAST" : "ASC NULLS FIRST";
            var rows = await connection.QueryAsync<FileRow>(Cmd(
                $"SELECT {FileRow.Columns} FROM files {filter} ORDER BY {column} {direction}, id COLLATE \"C\" LIMIT @limit OFFSET @offset", parameters, cancellationToken));
            return new FilePage(rows.Select(r => r.ToRecord().ToSummary()).ToList(), total, query.Page, query.PageSize);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyDictionary<string, int>>(async connection =>
        {
            var rows = await connection.QueryAsync<(string Status, long Count)>(Cmd("SELECT status, COUNT(*) FROM files GROUP BY status", null, cancellationToken));
            var counts = FileStatus.All.ToDictionary(s => s, _ => 0);
            foreach (var (status, count) in rows)
            {
                counts[status] = (int)count;
            }

            return counts;
        }, cancellationToken);

    public Task<bool> SetLabelAsync(string id, string emotion, string source, string? speaker = null, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => 1 == await connection.ExecuteAsync(Cmd(
            $"""
            UPDATE files SET label = @emotion, label_source = @source, speaker = COALESCE(@speaker, speaker),
                label_updated_at = t.now, updated_at = t.now
            FROM (SELECT {Now} AS now) t
            WHERE id = @id AND @strength >= {StoredLabelStrength}
            """,
            new { id, emotion, source, speaker, strength = LabelSource.Strength(source) }, cancellationToken)), cancellationToken);

    public Task<bool> SetSpeakerAsync(string id, string? speaker, CancellationToken cancellationToken = default) =>
        _db.RunAsync(async connection => 1 == await connection.ExecuteAsync(Cmd(
            $"UPDATE files SET speaker = @speaker, updated_at = {Now} WHERE id = @id", new { id, speaker }, cancellationToken)), cancellationToken);

    /// <summary>Case-insensitive like SQLite's NOCASE, through the <c>lower(name)</c> indexes.</summary>
    public Task<IReadOnlyList<string>> FindIdsByNameAsync(string name, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<string>>(async connection => (await connection.QueryAsync<string>(Cmd(
            "SELECT id FROM files WHERE lower(name) = lower(@name) UNION SELECT id FROM file_aliases WHERE lower(name) = lower(@name)",
            new { name }, cancellationToken))).ToList(), cancellationToken);

    public Task<IReadOnlyList<LabelledFile>> ListEmbeddedAsync(string embedder, CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyList<LabelledFile>>(async connection => (await connection.QueryAsync<FileRow>(Cmd(
            $"SELECT {FileRow.Columns} FROM files WHERE status = 'embedded' AND embedder = @embedder ORDER BY created_at, id COLLATE \"C\"", new { embedder }, cancellationToken)))
            .Select(r => new LabelledFile(r.id, r.name, r.vector_blob!, r.segments_blob, r.label, r.label_source, r.speaker)).ToList(), cancellationToken);

    public Task SetPredictionAsync(string id, Prediction prediction, IReadOnlyList<Prediction>? segments = null, CancellationToken cancellationToken = default) =>
        _db.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(Cmd(
                $"""
                UPDATE files SET emotion = @Emotion, confidence = @Confidence, probabilities = @probabilities,
                    model_version = @ModelVersion, updated_at = {Now}
                WHERE id = @id
                """,
                new { id, prediction.Emotion, prediction.Confidence, prediction.ModelVersion, probabilities = JsonSerializer.Serialize(prediction.Probabilities) },
                cancellationToken, transaction));
            if (segments is not null)
            {
                await connection.ExecuteAsync(Cmd(
                    "UPDATE file_segments SET emotion = @Emotion, confidence = @Confidence WHERE id = @id AND idx = @index",
                    segments.Select((p, index) => new { id, index, p.Emotion, p.Confidence }).ToList(), cancellationToken, transaction));
            }

            return true;
        }, cancellationToken);

    public Task<int> CountLabelsChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        _db.RunAsync(connection => connection.ExecuteScalarAsync<int>(Cmd(
            "SELECT COUNT(*) FROM files WHERE label IS NOT NULL AND label_updated_at > @since", new { since = since.ToUnixTimeMilliseconds() }, cancellationToken)),
            cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountByEmotionAsync(CancellationToken cancellationToken = default) =>
        _db.RunAsync<IReadOnlyDictionary<string, int>>(async connection => (await connection.QueryAsync<(string Emotion, long Count)>(Cmd(
            "SELECT emotion, COUNT(*) FROM files WHERE emotion IS NOT NULL GROUP BY emotion ORDER BY emotion COLLATE \"C\"", null, cancellationToken)))
            .ToDictionary(r => r.Emotion, r => (int)r.Count), cancellationToken);

    public Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(DateTimeOffset since, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var width = (long)bucket.TotalMilliseconds;
        return _db.RunAsync<IReadOnlyList<ThroughputPoint>>(async connection => (await connection.QueryAsync<(long Bucket, long Embedded, long Failed)>(Cmd(
            """
            SELECT finished_at / @width AS bucket,
                   SUM(CASE WHEN status = 'embedded' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)
            FROM files WHERE finished_at >= @since GROUP BY bucket ORDER BY bucket
            """,
            new { width, since = since.ToUnixTimeMilliseconds() }, cancellationToken)))
            .Select(r => new ThroughputPoint(DateTimeOffset.FromUnixTimeMilliseconds(r.Bucket * width), (int)r.Embedded, (int)r.Failed)).ToList(), cancellationToken);
    }

    /// <summary>
    /// Throws when the catalog cannot be reached. The error stays an <see cref="NpgsqlException"/> (callers treat
    /// <see cref="DbException"/> as "retry later") but its message is one line naming the server and the cause.
    /// </summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _db.RunAsync(connection => connection.ExecuteScalarAsync<long>(Cmd("SELECT 1 FROM files LIMIT 1", null, cancellationToken)), cancellationToken);
        }
        catch (Exception e) when (PostgresErrors.IsConnectionOrSetupFailure(e))
        {
            throw new NpgsqlException(PostgresErrors.Describe(e, _db.DataSource.ConnectionString), e);
        }
    }

    private static async Task<FileRecord?> GetAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken) =>
        (await connection.QueryFirstOrDefaultAsync<FileRow>(Cmd($"SELECT {FileRow.Columns} FROM files WHERE id = @id", new { id }, cancellationToken)))?.ToRecord();

    private static CommandDefinition Cmd(string sql, object? parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
