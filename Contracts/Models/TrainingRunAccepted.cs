namespace EmotionGrid.Contracts.Models;

public sealed record TrainingRunAccepted(string RunId);
