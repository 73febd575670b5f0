namespace EmotionGrid.Contracts.Models;

/// <summary><c>GET /api/training/{runId}</c>: queued | running (stage, progress 0–1) | succeeded (model version) | failed (error).</summary>
public sealed record TrainingRunView(
    string RunId,
    string Status,
    string? Stage,
    double Progress,
    int? ModelVersion,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
