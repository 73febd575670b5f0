namespace EmotionGrid.Contracts.Models;

[GenerateSerializer, Immutable, Alias("emotiongrid.trainingRunAccepted")]
public sealed record TrainingRunAccepted(string RunId);
