namespace EmotionGrid.Contracts.Models;

/// <summary>
/// One point of the grid search with its cross-validated scores: which learner (<c>forest</c>, <c>lightgbm</c>,
/// <c>maxent</c>) at which settings. <see cref="Settings"/> is filled for forests only (the shape older versions had).
/// </summary>
public sealed record GridScore(ForestSettings? Settings, double Accuracy, double MacroF1, string Learner = "forest", IReadOnlyDictionary<string, string>? LearnerSettings = null);
