namespace EmotionGrid.Storage.Catalog;

/// <summary>Files that finished in the bucket starting at <paramref name="At"/>.</summary>
public sealed record ThroughputPoint(DateTimeOffset At, int Embedded, int Failed);
