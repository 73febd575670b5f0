namespace EmotionGrid.Learning;

/// <summary>One grid setting's cross-validated scores on the pooled out-of-fold predictions.</summary>
public sealed record GridScore(ForestParameters Parameters, double MacroF1, double Accuracy);
