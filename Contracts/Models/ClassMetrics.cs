namespace EmotionGrid.Contracts.Models;

public sealed record ClassMetrics(string Emotion, double Precision, double Recall, double F1, int Support);
