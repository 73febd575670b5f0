using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Intake;

/// <summary>What happened to a blob taken from the bucket: registered and dispatched, already known, or an alias.</summary>
public sealed record IntakeResult(RegisterResult Result, FileRecord Record, string? AliasBlob = null);
