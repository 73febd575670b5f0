namespace EmotionGrid.Grains.Clustering;

/// <summary>A cluster id that the current clustering does not have; the message gives the valid range.</summary>
public sealed class UnknownClusterException(string message) : KeyNotFoundException(message);
