namespace EmotionGrid.Contracts.Messages;

/// <summary>Event to every silo's InferenceGrain: an existing version was made active again (roll back or forward).</summary>
public sealed record ModelActivated(int Version);
