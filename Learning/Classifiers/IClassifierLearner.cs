namespace EmotionGrid.Learning.Classifiers;

/// <summary>One learner at one setting: what a grid search tries, and what fits the final model.</summary>
public interface IClassifierLearner
{
    /// <summary><c>forest</c>, <c>lightgbm</c> or <c>maxent</c>.</summary>
    string Learner { get; }

    /// <summary>The setting as name → value text, for the model version's record and the grid table.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Fits on rows <paramref name="x"/> with classes <paramref name="y"/> in 0..<paramref name="classCount"/>−1. Deterministic for the same data.</summary>
    IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default);
}
