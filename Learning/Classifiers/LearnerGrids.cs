using System.Collections.Frozen;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// The candidate settings each learner tries in a grid search, by learner name; "auto" tries the forest,
/// maximum entropy and their ensemble and keeps whichever wins on held-out speakers. LightGBM is left out of
/// "auto": on the RAVDESS folds it was no better and its fits took 10–30× longer (bench quality, docs/accuracy.md);
/// choose it by name.
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

    private static readonly FrozenDictionary<string, Func<int?, int, IReadOnlyList<IClassifierLearner>>> Grids =
        new Dictionary<string, Func<int?, int, IReadOnlyList<IClassifierLearner>>>
        {
            [ForestLearner.Name] = (parallelism, seed) => [.. ForestGrid.Select(p => new ForestLearner(p with { Parallelism = parallelism, Seed = seed }))],
            // LightGBM stays on one thread whatever the parallelism: oversubscribed it slows down 13× (ENVIRONMENT.md).
            [LightGbmLearner.Name] = (_, seed) => [.. LightGbmParameters.DefaultGrid.Select(p => new LightGbmLearner(p with { Seed = seed }))],
            [MaxEntLearner.Name] = (_, seed) => [.. MaxEntParameters.DefaultGrid.Select(p => new MaxEntLearner(p with { Seed = seed }))],
            [EnsembleLearner.Name] = (parallelism, seed) => [.. MaxEntParameters.DefaultGrid.Select(p => new EnsembleLearner(
                [new ForestLearner(ForestGrid[0] with { Parallelism = parallelism, Seed = seed }), new MaxEntLearner(p with { Seed = seed })]))],
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>What "auto" tries, in this order (an earlier candidate wins a tie).</summary>
    public static IReadOnlyList<string> AutoLearners { get; } = [ForestLearner.Name, MaxEntLearner.Name, EnsembleLearner.Name];

    public static IReadOnlyCollection<string> Learners => Grids.Keys;

    public static bool IsKnown(string learner) => learner.Equals(Auto, StringComparison.OrdinalIgnoreCase) || Grids.ContainsKey(learner);

    /// <summary>
    /// The candidates for <paramref name="learner"/> (or every learner's for <see cref="Auto"/>, forest first);
    /// <paramref name="parallelism"/> caps the forest's threads, <paramref name="seed"/> seeds the learners.
    /// </summary>
    public static IReadOnlyList<IClassifierLearner> For(string learner, int? parallelism = null, int seed = 0) =>
        learner.Equals(Auto, StringComparison.OrdinalIgnoreCase)
            ? [.. AutoLearners.SelectMany(name => Grids[name](parallelism, seed))]
            : Grids.TryGetValue(learner, out var grid) ? grid(parallelism, seed) : throw new ArgumentException($"unknown learner '{learner}'; known: {Auto}, {string.Join(", ", Grids.Keys)}", nameof(learner));
}
