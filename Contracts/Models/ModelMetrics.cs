namespace EmotionGrid.Contracts.Models;

/// <summary>
/// Speaker-independent cross-validation metrics of a model version: pooled out-of-fold predictions of the
/// chosen parameters, folds grouped by speaker so no speaker is on both sides. <c>Confusion</c> rows are the
/// true emotion, columns the predicted one, both in <c>Emotions</c> order. <c>Ece</c> is the expected calibration
/// error of the confidences users see (after calibration, cross-fitted), <c>UncalibratedEce</c> before it;
/// <c>ClusterNmi</c>/<c>ClusterSpeakerNmi</c> say how much the k-means clusters follow emotions and speakers;
/// <c>SpeakerNormalisedFiles</c> how many of the snapshot's files had enough files of their speaker for their own
/// statistics; <c>Learner</c> and <c>Normalisation</c> say what made the version (also in its summary). The newer
/// fields are null for versions trained before they existed.
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
    double? ClusterAri,
    double? Ece = null,
    double? UncalibratedEce = null,
    double? ClusterSpeakerNmi = null,
    int? SpeakerNormalisedFiles = null,
    string? Learner = null,
    string? Normalisation = null);
