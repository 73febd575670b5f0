namespace EmotionGrid.Contracts.Predictions;

public sealed record SegmentPrediction(int Index, double StartSeconds, double EndSeconds, string Emotion, double Confidence, IReadOnlyDictionary<string, double> Probabilities);
