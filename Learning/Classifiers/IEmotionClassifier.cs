namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// A fitted classifier behind one interface, whatever learner made it: class probabilities for one vector.
/// Implementations are immutable after fitting and thread-safe, so one instance serves every prediction.
/// </summary>
public interface IEmotionClassifier
{
    /// <summary>The learner's name as <see cref="IClassifierLearner.Learner"/> gives it (<c>forest</c>, <c>lightgbm</c>, <c>maxent</c>).</summary>
    string Learner { get; }

    int ClassCount { get; }

    int FeatureCount { get; }

    /// <summary>One probability per class, summing to 1 (to float rounding).</summary>
    float[] PredictProbabilities(ReadOnlySpan<float> vector);

    /// <summary>The saved form for <c>model.json</c>; <see cref="ClassifierModels.Load"/> gives back a classifier that predicts identically.</summary>
    ClassifierModel ToModel();
}
