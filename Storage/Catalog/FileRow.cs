using System.Text.Json;

namespace EmotionGrid.Storage.Catalog;

/// <summary>The <c>files</c> table as Dapper reads it (timestamps as Unix milliseconds, portable across SQL engines).</summary>
internal sealed class FileRow
{
    public const string Columns =
        "id, name, status, error, size_bytes, duration_seconds, sample_rate, channels, embedder, vector_dimension, " +
        "vector_blob, audio_blob, pending_blob, warnings, segments_blob, segment_count, label, label_source, speaker, label_updated_at, " +
        "emotion, confidence, probabilities, model_version, attempts, lease_owner, lease_expires, transcript, created_at, updated_at";

    public string id { get; set; } = "";
    public string name { get; set; } = "";
    public string status { get; set; } = "";
    public string? error { get; set; }
    public long size_bytes { get; set; }
    public double? duration_seconds { get; set; }
    public long? sample_rate { get; set; }
    public long? channels { get; set; }
    public string? embedder { get; set; }
    public long? vector_dimension { get; set; }
    public string? vector_blob { get; set; }
    public string audio_blob { get; set; } = "";
    public string? pending_blob { get; set; }
    public string? warnings { get; set; }
    public string? segments_blob { get; set; }
    public long segment_count { get; set; }
    public string? label { get; set; }
    public string? label_source { get; set; }
    public string? speaker { get; set; }
    public long? label_updated_at { get; set; }
    public string? emotion { get; set; }
    public string? probabilities { get; set; }
    public double? confidence { get; set; }
    public long? model_version { get; set; }
    public long attempts { get; set; }
    public string? lease_owner { get; set; }
    public long? lease_expires { get; set; }

    /// <summary>The <see cref="Contracts.Files.Transcript"/> as JSON (its text is also in <c>transcript_text</c>, for search).</summary>
    public string? transcript { get; set; }
    public long created_at { get; set; }
    public long updated_at { get; set; }

    public FileRecord ToRecord() => new()
    {
        Id = id,
        Name = name,
        Status = status,
        Error = error,
        SizeBytes = size_bytes,
        DurationSeconds = duration_seconds,
        SampleRate = (int?)sample_rate,
        Channels = (int?)channels,
        Embedder = embedder,
        VectorDimension = (int?)vector_dimension,
        VectorBlob = vector_blob,
        AudioBlob = audio_blob,
        PendingBlob = pending_blob,
        Warnings = warnings,
        SegmentsBlob = segments_blob,
        SegmentCount = (int)segment_count,
        Label = label,
        LabelSource = label_source,
        Speaker = speaker,
        LabelUpdatedAt = label_updated_at is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        Emotion = emotion,
        Probabilities = probabilities is null ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(probabilities),
        Confidence = confidence,
        ModelVersion = (int?)model_version,
        Attempts = (int)attempts,
        LeaseOwner = lease_owner,
        LeaseExpiresAt = lease_expires is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
        Transcript = TranscriptJson.Read(transcript),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created_at),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(updated_at),
    };
}
