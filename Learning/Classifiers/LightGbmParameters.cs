namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// LightGBM multiclass (softmax) settings. <paramref name="Threads"/> defaults to 1: the silo fits folds and grid
/// settings side by side with other work, and LightGBM slows down about 13× when its threads outnumber free cores.
/// Fits are deterministic for the same data, seed and thread count.
/// </summary>
public sealed record LightGbmParameters(
    int Leaves = 15,
    int Iterations = 200,
    double LearningRate = 0.05,
    int MinExamplesPerLeaf = 10,
    double L2Regularization = 1,
    int Threads = 1,
    int Seed = 1)
{
    /// <summary>
    /// The default search for a few hundred to a few thousand clips of 170–400 features: small and shallow trees
    /// (with so few rows, deep ones fit the noise of one speaker), fewer slow steps against more, larger leaves on
    /// the bigger trees. Cheaper settings first, so a tie keeps the cheaper one.
    /// </summary>
    public static IReadOnlyList<LightGbmParameters> DefaultGrid { get; } =
    [
        new(Leaves: 7, Iterations: 100, LearningRate: 0.1, MinExamplesPerLeaf: 10),
        new(Leaves: 15, Iterations: 100, LearningRate: 0.1, MinExamplesPerLeaf: 10),
        new(Leaves: 15, Iterations: 250, LearningRate: 0.05, MinExamplesPerLeaf: 20),
        new(Leaves: 31, Iterations: 250, LearningRate: 0.05, MinExamplesPerLeaf: 20),
    ];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Leaves, 2, nameof(Leaves));
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinExamplesPerLeaf, 1, nameof(MinExamplesPerLeaf));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be within (0, 1]");
        }

        if (!(L2Regularization >= 0 && double.IsFinite(L2Regularization)))
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "L2Regularization must be finite and at least 0");
        }
    }
}
