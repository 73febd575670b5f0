namespace EmotionGrid.Contracts.Models;

/// <summary>
/// <c>GET /api/models/{version}</c>: the summary, the label set, the chosen learner and settings (<see cref="Parameters"/>
/// for forests, <see cref="LearnerSettings"/> for every learner), the grid, the metrics, how inputs are normalised
/// (<see cref="MinSpeakerFiles"/>: files a speaker needs for their own statistics) and the calibration temperature
/// (1 = none).
/// </summary>
public sealed record ModelDetail(
    ModelSummary Summary,
    IReadOnlyList<string> Emotions,
    ForestSettings? Parameters,
    IReadOnlyList<GridScore> Grid,
    ModelMetrics Metrics,
    string Snapshot,
    IReadOnlyDictionary<string, string>? LearnerSettings = null,
    int? MinSpeakerFiles = null,
    double Temperature = 1);
