namespace EmotionGrid.Contracts.Files;

/// <summary>
/// One file as the gateway lists it: <c>Emotion</c> is the model's prediction, <c>Label</c> the known truth (if any),
/// <c>TranscriptText</c> what was said (null when no transcript was made).
/// </summary>
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
    DateTimeOffset UpdatedAt,
    string? Label = null,
    string? LabelSource = null,
    string? Speaker = null,
    IReadOnlyDictionary<string, double>? Probabilities = null,
    string? TranscriptText = null);
