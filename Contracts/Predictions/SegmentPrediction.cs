namespace EmotionGrid.Contracts.Predictions;

[GenerateSerializer, Immutable, Alias("emotiongrid.segmentPrediction")]
public sealed record SegmentPrediction(int Index, double StartSeconds, double EndSeconds, string Emotion, double Confidence, IReadOnlyDictionary<string, double> Probabilities, string? Text = null);
