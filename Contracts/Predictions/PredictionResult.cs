using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Contracts.Predictions;

/// <summary>
/// <c>POST /api/predict</c>: the emotion of a clip, which model said so, for long clips a per-segment timeline, and what
/// was said (null when transcription is off). <see cref="Speaker"/> echoes the speaker given with the clip;
/// <see cref="Normalisation"/> says which statistics normalised it: <c>speaker</c> (that speaker's, from enough of
/// their files in the catalog), <c>global</c> (the model's training statistics: no speaker given, or too few of
/// their files) or <c>none</c> (a model trained without normalisation).
/// </summary>
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
    Transcript? Transcript = null,
    string? Speaker = null,
    string? Normalisation = null);
