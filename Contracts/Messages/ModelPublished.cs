namespace EmotionGrid.Contracts.Messages;

/// <summary>Event to every silo's InferenceGrain: version <paramref name="Version"/> was trained and is now active.</summary>
public sealed record ModelPublished(int Version);
