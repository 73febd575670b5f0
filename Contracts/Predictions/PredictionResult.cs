using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Contracts.Predictions;

/// <summary><c>POST /api/predict</c>: the emotion of a clip, which model said so, for long clips a per-segment timeline, and what was said (null when transcription is off).</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.predictionResult")]
public sealed record PredictionResult(
    string Emotion,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    int ModelVersion,
    string Embedder,
    double DurationSeconds,
    IReadOnlyList<SegmentPrediction>? Segments,
    string? FileId = null,
    Transcript? Transcript = null);
