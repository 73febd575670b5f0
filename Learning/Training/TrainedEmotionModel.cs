using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Learning.Training;

/// <summary>
/// What <see cref="EmotionModelTrainer"/> produced: the final classifier (fitted on every labelled row), how its
/// input is normalised, the calibration temperature (1 = none), every candidate's score, and the honest
/// speaker-independent estimate of the winner: pooled out-of-fold report, expected calibration error before and
/// after calibration (the latter cross-fitted: each fold's temperature comes from the other folds).
/// </summary>
public sealed record TrainedEmotionModel(
    IEmotionClassifier Classifier,
    SpeakerNormalizer Normalizer,
    double Temperature,
    IReadOnlyList<CandidateScore> Candidates,
    int Best,
    ClassificationReport CrossValidation,
    double UncalibratedEce,
    double Ece,
    int Folds,
    int SpeakerNormalisedRows,
    float[][] NormalisedVectors);
