namespace EmotionGrid.Contracts.Models;

/// <summary>One point of the grid search with its cross-validated scores.</summary>
public sealed record GridScore(ForestSettings Settings, double Accuracy, double MacroF1);
