namespace EmotionGrid.Learning.Tests;

public class ForestGridSearchTests
{
    [Fact]
    public void Picks_the_setting_with_the_best_pooled_macro_f1_and_reports_it()
    {
        // The label needs two splits (XOR), so depth 1 must lose to unlimited depth.
        var (x, y) = SyntheticData.Labelled(600, 4, seed: 1, v => (v[0] > 0) ^ (v[1] > 0) ? 1 : 0);
        var groups = Enumerable.Range(0, x.Length).Select(i => $"speaker-{i % 10}").ToArray();
        ForestParameters[] grid = [new(Trees: 20, MaxDepth: 1, Seed: 1), new(Trees: 20, MaxFeatures: 4, Seed: 1)];
        var reported = new List<double>();

        var result = ForestGridSearch.Run(x, y, groups, ["even", "odd"], grid, folds: 3, seed: 0, new SynchronousProgress(reported.Add));

        Assert.Same(grid[1], result.Best);
        Assert.Equal(2, result.Scores.Count);
        Assert.True(result.Scores[1].MacroF1 > result.Scores[0].MacroF1);
        Assert.Equal(result.Scores[1].MacroF1, result.CrossValidation.MacroF1, 12);
        Assert.Equal(x.Length, result.CrossValidation.PerClass.Sum(c => c.Support));
        Assert.Equal(["even", "odd"], result.CrossValidation.Classes);
        Assert.True(result.CrossValidation.Accuracy > 0.85);
        Assert.Equal(6, reported.Count);
        Assert.Equal(1, reported[^1], 12);
    }

    [Fact]
    public void Cancellation_stops_the_search()
    {
        var (x, y) = SyntheticData.Labelled(200, 4, seed: 2, v => v[0] > 0 ? 1 : 0);
        var groups = Enumerable.Range(0, x.Length).Select(i => $"s{i % 5}").ToArray();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            ForestGridSearch.Run(x, y, groups, 2, ForestParameters.DefaultGrid, 3, 0, null, cancelled.Token));
    }

    [Fact]
    public void Default_grid_is_trees_by_depth_by_min_leaf()
    {
        Assert.Equal(8, ForestParameters.DefaultGrid.Count);
        Assert.Equal([100, 300], ForestParameters.DefaultGrid.Select(p => p.Trees).Distinct().Order());
        Assert.Equal([null, 12], ForestParameters.DefaultGrid.Select(p => p.MaxDepth).Distinct());
        Assert.Equal([1, 3], ForestParameters.DefaultGrid.Select(p => p.MinSamplesLeaf).Distinct().Order());
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test needs the calls in order, now.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
