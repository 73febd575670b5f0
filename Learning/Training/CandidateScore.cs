namespace EmotionGrid.Learning.Training;

/// <summary>One learner setting's speaker-grouped cross-validated scores (pooled out-of-fold predictions).</summary>
public sealed record CandidateScore(string Learner, IReadOnlyDictionary<string, string> Settings, double MacroF1, double Accuracy);
