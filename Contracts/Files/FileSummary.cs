namespace EmotionGrid.Contracts.Files;

/// <summary>One file as the gateway lists it.</summary>
public sealed record FileSummary(
    string Id,
    string Name,
    string Status,
    string? Error,
    long SizeBytes,
    double? DurationSeconds,
    int? SampleRate,
    int? Channels,
    string? Embedder,
    string? Emotion,
    double? Confidence,
    int? ModelVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
