namespace EmotionGrid.Learning;

/// <summary>
/// The winning setting, every setting's score (grid order) and the winner's pooled out-of-fold report:
/// the honest, speaker-independent estimate to show next to the final model.
/// </summary>
public sealed record GridSearchResult(ForestParameters Best, IReadOnlyList<GridScore> Scores, ClassificationReport CrossValidation);
