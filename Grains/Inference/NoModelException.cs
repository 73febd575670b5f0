namespace EmotionGrid.Grains.Inference;

/// <summary>No usable model is active; the message says what to do.</summary>
public sealed class NoModelException(string message) : Exception(message);
