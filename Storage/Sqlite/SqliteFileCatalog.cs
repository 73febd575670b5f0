using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using EmotionGrid.Storage.Catalog;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using EmotionGrid.Contracts.Files;
using Microsoft.Data.Sqlite;

namespace EmotionGrid.Storage.Sqlite;

/// <summary>
/// Catalog on a SQLite file in WAL mode (embedded mode). Each call opens a pooled connection; every
/// state change is one statement, so concurrent grains and the watcher never see half an update.
/// </summary>
public sealed class SqliteFileCatalog : IFileCatalog, IFileCatalogQueries
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS files (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            size_bytes INTEGER NOT NULL,
            duration_seconds REAL,
            sample_rate INTEGER,
            channels INTEGER,
            embedder TEXT,
            vector_dimension INTEGER,
            vector_blob TEXT,
            audio_blob TEXT NOT NULL,
            pending_blob TEXT,
            warnings TEXT,
            segments_blob TEXT,
            segment_count INTEGER NOT NULL DEFAULT 0,
            label TEXT,
            label_source TEXT,
            speaker TEXT,
            label_updated_at INTEGER,
            emotion TEXT,
            confidence REAL,
            probabilities TEXT,
            finished_at INTEGER,
            model_version INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_files_status ON files (status);
        CREATE INDEX IF NOT EXISTS ix_files_audio_blob ON files (audio_blob);
        CREATE INDEX IF NOT EXISTS ix_files_created ON files (created_at);
        CREATE TABLE IF NOT EXISTS file_aliases (
            id TEXT NOT NULL REFERENCES files (id),
            name TEXT NOT NULL,
            blob TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            PRIMARY KEY (id, name, blob));
        CREATE TABLE IF NOT EXISTS file_segments (
            id TEXT NOT NULL REFERENCES files (id),
            idx INTEGER NOT NULL,
            start_seconds REAL NOT NULL,
            end_seconds REAL NOT NULL,
            emotion TEXT,
            confidence REAL,
            PRIMARY KEY (id, idx));
        """;

    /// <summary>Columns added after the first release: (column, definition), applied to older databases at start.</summary>
    private static readonly (string Column, string Definition)[] AddedColumns =
    [
        ("segments_blob", "TEXT"),
        ("segment_count", "INTEGER NOT NULL DEFAULT 0"),
        ("label", "TEXT"),
        ("label_source", "TEXT"),
        ("speaker", "TEXT"),
        ("label_updated_at", "INTEGER"),
        ("probabilities", "TEXT"),
        ("finished_at", "INTEGER"),
        ("lease_owner", "TEXT"),
        ("lease_expires", "INTEGER"),
        ("transcript", "TEXT"),
        ("transcript_text", "TEXT"),
    ];

    /// <summary>SQL for <see cref="LabelSource.Strength"/> of the stored label.</summary>
    private const string StoredLabelStrength =
        "CASE label_source WHEN 'manual' THEN 4 WHEN 'csv' THEN 3 WHEN 'filename' THEN 2 WHEN 'cluster' THEN 1 ELSE 0 END";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _clock;

    public SqliteFileCatalog(string databasePath, TimeProvider? clock = null)
    {
        _connections = new SqliteConnectionFactory(databasePath);
        _clock = clock ?? TimeProvider.System;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await connection.ExecuteAsync(Schema);
        var existing = (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('files')")).ToHashSet(StringComparer.Ordinal);
        foreach (var (column, definition) in AddedColumns.Where(c => !existing.Contains(c.Column)))
        {
            await connection.ExecuteAsync($"ALTER TABLE files ADD COLUMN {column} {definition}");
        }
    }

    public async Task<RegisterOutcome> RegisterAsync(NewFile file, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        var now = Now();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO files (id, name, status, size_bytes, audio_blob, attempts, created_at, updated_at,
                               label, label_source, speaker, label_updated_at)
            VALUES (@Id, @Name, 'queued', @SizeBytes, @AudioBlob, 0, @now, @now,
                    @Label, @labelSource, @Speaker, @labelAt)
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                file.Id, file.Name, file.SizeBytes, file.AudioBlob, now, file.Label, file.Speaker,
                labelSource = file.Label is null ? null : LabelSource.FileName,
                labelAt = file.Label is null ? (long?)null : now,
            });
        var record = (await GetAsync(connection, file.Id))!;
        if (inserted == 1)
        {
            return new RegisterOutcome(RegisterResult.Registered, record);
        }

        var sameBlob = record.AudioBlob == file.AudioBlob || record.PendingBlob == file.AudioBlob;
        return new RegisterOutcome(sameBlob ? RegisterResult.AlreadyTracked : RegisterResult.Duplicate, record);
    }

    public async Task AddAliasAsync(string id, string name, string blob, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO file_aliases (id, name, blob, added_at) VALUES (@id, @name, @blob, @now) ON CONFLICT DO NOTHING",
            new { id, name, blob, now = Now() });
    }

    public async Task<IReadOnlyList<string>> GetAliasesAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var names = await connection.QueryAsync<string>("SELECT name FROM file_aliases WHERE id = @id ORDER BY added_at, name", new { id });
        return names.ToList();
    }

    public async Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await GetAsync(connection, id);
    }

    public async Task<FileRecord?> FindByBlobAsync(string blobKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<FileRow>(
            $"SELECT {FileRow.Columns} FROM files WHERE audio_blob = @blobKey OR pending_blob = @blobKey LIMIT 1", new { blobKey });
        return row?.ToRecord();
    }

    public async Task<bool> TryStartProcessingAsync(string id, FileLease lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        var now = Now();
        var changed = await connection.ExecuteAsync(
            """
            UPDATE files SET status = 'processing', attempts = attempts + 1, lease_owner = @Owner, lease_expires = @expires, updated_at = @now
            WHERE id = @id AND (status = 'queued' OR (status = 'processing' AND (
                lease_owner IS NULL OR lease_owner = @Owner OR lease_owner = @TakeOverFrom OR lease_expires IS NULL OR lease_expires <= @now)))
            """,
            new { id, lease.Owner, lease.TakeOverFrom, now, expires = now + (long)lease.Duration.TotalMilliseconds });
        return changed == 1;
    }

    public async Task<bool> RenewLeaseAsync(string id, FileLease lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        var now = Now();
        var changed = await connection.ExecuteAsync(
            "UPDATE files SET lease_expires = @expires WHERE id = @id AND status = 'processing' AND lease_owner = @Owner",
            new { id, lease.Owner, expires = now + (long)lease.Duration.TotalMilliseconds });
        return changed == 1;
    }

    public async Task SetPendingBlobAsync(string id, string pendingBlob, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE files SET pending_blob = @pendingBlob, updated_at = @now WHERE id = @id", new { id, pendingBlob, now = Now() });
    }

    public async Task<bool> MarkEmbeddedAsync(string id, EmbeddingResult result, string? leaseOwner = null, CancellationToken cancellationToken = default)
    {
        var segments = result.Segments ?? [];
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE files SET status = 'embedded', error = NULL, duration_seconds = @DurationSeconds, sample_rate = @SampleRate,
                channels = @Channels, embedder = @Embedder, vector_dimension = @VectorDimension, vector_blob = @VectorBlob,
                audio_blob = @AudioBlob, pending_blob = NULL, warnings = @warnings, segments_blob = @SegmentsBlob,
                segment_count = @segmentCount, transcript = @transcript, transcript_text = @transcriptText,
                lease_expires = NULL, finished_at = @now, updated_at = @now
            WHERE id = @id AND (@leaseOwner IS NULL OR (status = 'processing' AND lease_owner = @leaseOwner))
            """,
            new
            {
                id, result.DurationSeconds, result.SampleRate, result.Channels, result.Embedder, result.VectorDimension,
                result.VectorBlob, result.AudioBlob, warnings = result.Warnings.Count == 0 ? null : string.Join('\n', result.Warnings),
                result.SegmentsBlob, segmentCount = segments.Count, now = Now(), leaseOwner,
                transcript = TranscriptJson.Write(result.Transcript), transcriptText = result.Transcript?.Text,
            },
            transaction);
        if (changed == 0)
        {
            return false;
        }

        await connection.ExecuteAsync("DELETE FROM file_segments WHERE id = @id", new { id }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO file_segments (id, idx, start_seconds, end_seconds) VALUES (@id, @Index, @StartSeconds, @EndSeconds)",
            segments.Select(s => new { id, s.Index, s.StartSeconds, s.EndSeconds }),
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> SetTranscriptAsync(string id, Transcript transcript, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE files SET transcript = @json, transcript_text = @Text WHERE id = @id AND status = 'embedded'",
            new { id, json = TranscriptJson.Write(transcript), transcript.Text }) == 1;
    }

    public async Task<IReadOnlyList<FileRecord>> ListUntranscribedAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FileRow>(
            $"SELECT {FileRow.Columns} FROM files WHERE status = 'embedded' AND transcript IS NULL ORDER BY created_at, id LIMIT @limit", new { limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<FileSegment>> GetSegmentsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Index, double Start, double End, string? Emotion, double? Confidence)>(
            "SELECT idx, start_seconds, end_seconds, emotion, confidence FROM file_segments WHERE id = @id ORDER BY idx", new { id });
        return rows.Select(r => new FileSegment((int)r.Index, r.Start, r.End, r.Emotion, r.Confidence)).ToList();
    }

    public async Task<bool> MarkFailedAsync(string id, string error, string audioBlob, string? leaseOwner = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        return 1 == await connection.ExecuteAsync(
            """
            UPDATE files SET status = 'failed', error = @error, audio_blob = @audioBlob, pending_blob = NULL, lease_expires = NULL, finished_at = @now, updated_at = @now
            WHERE id = @id AND (@leaseOwner IS NULL OR (status = 'processing' AND lease_owner = @leaseOwner))
            """,
            new { id, error, audioBlob, now = Now(), leaseOwner });
    }

    public async Task<bool> ReleaseAsync(string id, FileLease lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        return 1 == await connection.ExecuteAsync(
            """
            UPDATE files SET attempts = MAX(attempts - 1, 0), lease_expires = @now, updated_at = @now
            WHERE id = @id AND status = 'processing' AND lease_owner = @Owner
            """,
            new { id, lease.Owner, now = Now() });
    }

    public async Task<IReadOnlyList<FileRecord>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FileRow>(
            $"SELECT {FileRow.Columns} FROM files WHERE status IN ('queued', 'processing') ORDER BY created_at");
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<FilePage> QueryAsync(FileQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var (filter, parameters) = FileQueryFilter.For(query, "LIKE");
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM files {filter}", parameters);

        // Whitelisted column names only: the sort key never reaches the SQL text as given.
        var column = query.Sort switch
        {
            "name" => "name",
            "status" => "status",
            "duration" => "duration_seconds",
            "emotion" => "emotion",
            "confidence" => "confidence",
            "updatedAt" => "updated_at",
            _ => "created_at",
        };
        var direction = query.Descending ? "DESC" : "ASC";
        var rows = await connection.QueryAsync<FileRow>(
            $"SELECT {FileRow.Columns} FROM files {filter} ORDER BY {column} {direction}, id LIMIT @limit OFFSET @offset", parameters);
        return new FilePage(rows.Select(r => r.ToRecord().ToSummary()).ToList(), total, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM files GROUP BY status");
        var counts = FileStatus.All.ToDictionary(s => s, _ => 0);
        foreach (var (status, count) in rows)
        {
            counts[status] = (int)count;
        }

        return counts;
    }

    public async Task<bool> SetLabelAsync(string id, string emotion, string source, string? speaker = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            $"""
            UPDATE files SET label = @emotion, label_source = @source, speaker = COALESCE(@speaker, speaker),
                label_updated_at = @now, updated_at = @now
            WHERE id = @id AND @strength >= {StoredLabelStrength}
            """,
            new { id, emotion, source, speaker, strength = LabelSource.Strength(source), now = Now() });
        return changed == 1;
    }

    public async Task<bool> SetSpeakerAsync(string id, string? speaker, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        return 1 == await connection.ExecuteAsync("UPDATE files SET speaker = @speaker, updated_at = @now WHERE id = @id", new { id, speaker, now = Now() });
    }

    public async Task<IReadOnlyList<string>> FindIdsByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(
            "SELECT id FROM files WHERE name = @name COLLATE NOCASE UNION SELECT id FROM file_aliases WHERE name = @name COLLATE NOCASE", new { name });
        return ids.ToList();
    }

    public async Task<IReadOnlyList<LabelledFile>> ListEmbeddedAsync(string embedder, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FileRow>(
            $"SELECT {FileRow.Columns} FROM files WHERE status = 'embedded' AND embedder = @embedder ORDER BY created_at, id", new { embedder });
        return rows.Select(r => new LabelledFile(r.id, r.name, r.vector_blob!, r.segments_blob, r.label, r.label_source, r.speaker)).ToList();
    }

    public async Task SetPredictionAsync(string id, Prediction prediction, IReadOnlyList<Prediction>? segments = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE files SET emotion = @Emotion, confidence = @Confidence, probabilities = @probabilities,
                model_version = @ModelVersion, updated_at = @now
            WHERE id = @id
            """,
            new { id, prediction.Emotion, prediction.Confidence, prediction.ModelVersion, probabilities = JsonSerializer.Serialize(prediction.Probabilities), now = Now() },
            transaction);
        if (segments is not null)
        {
            await connection.ExecuteAsync(
                "UPDATE file_segments SET emotion = @Emotion, confidence = @Confidence WHERE id = @id AND idx = @index",
                segments.Select((p, index) => new { id, index, p.Emotion, p.Confidence }),
                transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> CountLabelsChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM files WHERE label IS NOT NULL AND label_updated_at > @since", new { since = since.ToUnixTimeMilliseconds() });
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByEmotionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Emotion, long Count)>("SELECT emotion, COUNT(*) FROM files WHERE emotion IS NOT NULL GROUP BY emotion ORDER BY emotion");
        return rows.ToDictionary(r => r.Emotion, r => (int)r.Count);
    }

    public async Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(DateTimeOffset since, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var width = (long)bucket.TotalMilliseconds;
        var rows = await connection.QueryAsync<(long Bucket, long Embedded, long Failed)>(
            """
            SELECT finished_at / @width AS bucket,
                   SUM(CASE WHEN status = 'embedded' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)
            FROM files WHERE finished_at >= @since GROUP BY bucket ORDER BY bucket
            """,
            new { width, since = since.ToUnixTimeMilliseconds() });
        return rows.Select(r => new ThroughputPoint(DateTimeOffset.FromUnixTimeMilliseconds(r.Bucket * width), (int)r.Embedded, (int)r.Failed)).ToList();
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM files");
    }

    private static async Task<FileRecord?> GetAsync(DbConnection connection, string id)
    {
        var row = await connection.QueryFirstOrDefaultAsync<FileRow>($"SELECT {FileRow.Columns} FROM files WHERE id = @id", new { id });
        return row?.ToRecord();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _connections.OpenAsync(cancellationToken);

    private Task<SqliteConnection> OpenForWriteAsync(CancellationToken cancellationToken) => _connections.OpenForWriteAsync(cancellationToken);

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
