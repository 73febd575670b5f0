namespace EmotionGrid.Grains.Clustering;

/// <summary>Too few embedded files to cluster yet: the message says how many there are and how many are needed.</summary>
public sealed class NotEnoughFilesException(string message) : InvalidOperationException(message);
