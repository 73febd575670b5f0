namespace EmotionGrid.Learning;

/// <summary>
/// Random-forest settings, named and defaulted as scikit-learn's <c>RandomForestClassifier</c>:
/// <paramref name="MaxFeatures"/> null means ⌊√d⌋ features tried per split, <paramref name="MaxDepth"/>
/// null grows until leaves are pure or hold fewer than 2 × <paramref name="MinSamplesLeaf"/> rows.
/// <paramref name="Parallelism"/> null uses every core; it never changes the result, only the speed.
/// </summary>
public sealed record ForestParameters(
    int Trees = 200,
    int? MaxDepth = null,
    int MinSamplesLeaf = 1,
    int? MaxFeatures = null,
    bool Bootstrap = true,
    int Seed = 0,
    int? Parallelism = null)
{
    /// <summary>
    /// The default search: trees {100, 300} × depth {unlimited, 12} × min leaf {1, 3}. Small on purpose:
    /// with a few hundred labelled clips per emotion the folds are noisy, and a wider grid mostly fits
    /// that noise. Cheaper settings come first so a tie keeps the cheaper one.
    /// </summary>
    public static IReadOnlyList<ForestParameters> DefaultGrid { get; } =
    [
        new(Trees: 100, MaxDepth: null, MinSamplesLeaf: 1),
        new(Trees: 100, MaxDepth: null, MinSamplesLeaf: 3),
        new(Trees: 100, MaxDepth: 12, MinSamplesLeaf: 1),
        new(Trees: 100, MaxDepth: 12, MinSamplesLeaf: 3),
        new(Trees: 300, MaxDepth: null, MinSamplesLeaf: 1),
        new(Trees: 300, MaxDepth: null, MinSamplesLeaf: 3),
        new(Trees: 300, MaxDepth: 12, MinSamplesLeaf: 1),
        new(Trees: 300, MaxDepth: 12, MinSamplesLeaf: 3),
    ];

    internal void Validate(int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Trees, 1, nameof(Trees));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSamplesLeaf, 1, nameof(MinSamplesLeaf));
        if (MaxDepth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "MaxDepth must be at least 1 (or null for unlimited)");
        }

        if (MaxFeatures is { } m && (m < 1 || m > featureCount))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFeatures), m, $"MaxFeatures must be within 1..{featureCount} (or null for √d)");
        }

        if (Parallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "Parallelism must be at least 1 (or null for every core)");
        }
    }

    internal int FeaturesPerSplit(int featureCount) => MaxFeatures ?? Math.Max(1, (int)Math.Sqrt(featureCount));
}
