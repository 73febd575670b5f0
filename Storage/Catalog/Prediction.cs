namespace EmotionGrid.Storage.Catalog;

/// <summary>A model's verdict on a file (or one of its segments).</summary>
public sealed record Prediction(string Emotion, double Confidence, IReadOnlyDictionary<string, double> Probabilities, int ModelVersion);
