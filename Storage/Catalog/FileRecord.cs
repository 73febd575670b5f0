using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Storage.Catalog;

/// <summary>A catalog row: one per distinct content (id = SHA-256 of the bytes).</summary>
public sealed record FileRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public long SizeBytes { get; init; }
    public double? DurationSeconds { get; init; }
    public int? SampleRate { get; init; }
    public int? Channels { get; init; }
    public string? Embedder { get; init; }
    public int? VectorDimension { get; init; }
    public string? VectorBlob { get; init; }

    /// <summary>Where the audio is now.</summary>
    public required string AudioBlob { get; init; }

    /// <summary>Where the audio is being moved to; set before the move so a crash in between is recoverable.</summary>
    public string? PendingBlob { get; init; }

    public string? Warnings { get; init; }

    /// <summary>The 2-D <c>.npy</c> of per-segment vectors; null for files of one segment.</summary>
    public string? SegmentsBlob { get; init; }

    public int SegmentCount { get; init; }
    /// <summary>The known emotion (truth for training), and where it came from (<see cref="LabelSource"/>).</summary>
    public string? Label { get; init; }

    public string? LabelSource { get; init; }

    /// <summary>Speaker group for speaker-independent evaluation; null means the file is its own group.</summary>
    public string? Speaker { get; init; }

    public DateTimeOffset? LabelUpdatedAt { get; init; }

    /// <summary>The model's prediction.</summary>
    public string? Emotion { get; init; }

    public IReadOnlyDictionary<string, double>? Probabilities { get; init; }
    public double? Confidence { get; init; }
    public int? ModelVersion { get; init; }
    public int Attempts { get; init; }

    /// <summary>The silo processing the file (or that last did), and until when its lease holds; see <see cref="FileLease"/>.</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>What was said (null when no transcript was made: transcription off, or the file not processed yet).</summary>
    public Transcript? Transcript { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public FileSummary ToSummary() => new(
        Id, Name, Status, Error, SizeBytes, DurationSeconds, SampleRate, Channels, Embedder,
        Emotion, Confidence, ModelVersion, CreatedAt, UpdatedAt, Label, LabelSource, Speaker, Probabilities, Transcript?.Text);
}
