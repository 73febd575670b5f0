namespace EmotionGrid.Contracts.Messages;

/// <summary>Command to the TrainingGrain: carry out the registered run <paramref name="RunId"/>.</summary>
public sealed record TrainModel(string RunId);
