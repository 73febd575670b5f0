namespace EmotionGrid.Contracts.Messages;

/// <summary>Command (one silo takes it): predict every embedded file again with version <paramref name="Version"/>.</summary>
public sealed record RescoreFiles(int Version);
