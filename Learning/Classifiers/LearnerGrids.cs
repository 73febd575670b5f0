using System.Collections.Frozen;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// The candidate settings each learner tries in a grid search, by learner name; "auto" tries them all
/// and keeps whichever wins on held-out speakers.
/// </summary>
public static class LearnerGrids
{
    public const string Auto = "auto";

    /// <summary>Forest settings for the combined search: the two that won most often on the RAVDESS folds (see bench quality).</summary>
    public static IReadOnlyList<ForestParameters> ForestGrid { get; } =
    [
        new(Trees: 300, MaxDepth: null, MinSamplesLeaf: 1),
        new(Trees: 300, MaxDepth: null, MinSamplesLeaf: 3),
    ];

    private static readonly FrozenDictionary<string, Func<int?, IReadOnlyList<IClassifierLearner>>> Grids =
        new Dictionary<string, Func<int?, IReadOnlyList<IClassifierLearner>>>
        {
            [ForestLearner.Name] = parallelism => [.. ForestGrid.Select(p => new ForestLearner(p with { Parallelism = parallelism }))],
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Learners => Grids.Keys;

    public static bool IsKnown(string learner) => learner.Equals(Auto, StringComparison.OrdinalIgnoreCase) || Grids.ContainsKey(learner);

    /// <summary>The candidates for <paramref name="learner"/> (or every learner's for <see cref="Auto"/>); <paramref name="parallelism"/> caps the forest's threads.</summary>
    public static IReadOnlyList<IClassifierLearner> For(string learner, int? parallelism = null) =>
        learner.Equals(Auto, StringComparison.OrdinalIgnoreCase)
            ? [.. Grids.Values.SelectMany(g => g(parallelism))]
            : Grids.TryGetValue(learner, out var grid) ? grid(parallelism) : throw new ArgumentException($"unknown learner '{learner}'; known: {Auto}, {string.Join(", ", Grids.Keys)}", nameof(learner));
}
