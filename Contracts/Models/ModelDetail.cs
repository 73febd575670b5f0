namespace EmotionGrid.Contracts.Models;

/// <summary><c>GET /api/models/{version}</c>: the summary, the label set, the chosen parameters, the grid and the metrics.</summary>
public sealed record ModelDetail(
    ModelSummary Summary,
    IReadOnlyList<string> Emotions,
    ForestSettings Parameters,
    IReadOnlyList<GridScore> Grid,
    ModelMetrics Metrics,
    string Snapshot);
