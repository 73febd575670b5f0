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
