namespace EmotionGrid.Contracts.Models;

/// <summary>
/// Speaker-independent cross-validation metrics of a model version: pooled out-of-fold predictions of the
/// chosen parameters, folds grouped by speaker so no speaker is on both sides. <c>Confusion</c> rows are the
/// true emotion, columns the predicted one, both in <c>Emotions</c> order.
/// </summary>
public sealed record ModelMetrics(
    double Accuracy,
    double MacroF1,
    double MajorityBaseline,
    IReadOnlyList<string> Emotions,
    IReadOnlyList<ClassMetrics> PerClass,
    int[][] Confusion,
    int Folds,
    int LabelledFiles,
    int WeakLabels,
    int Speakers,
    double? ClusterNmi,
    double? ClusterAri);
