namespace EmotionGrid.Storage.Models;

/// <summary>One training run: queued → running (stage, progress) → succeeded (model version) | failed (error).</summary>
public sealed record TrainingRunRecord(
    string RunId,
    string Status,
    string? Stage,
    double Progress,
    int? ModelVersion,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
