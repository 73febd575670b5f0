namespace EmotionGrid.Learning;

/// <summary>
/// Picks forest parameters by speaker-grouped stratified k-fold cross-validation. Each setting is fitted
/// once per fold; the out-of-fold predictions of all folds are pooled and scored by macro-F1 (emotion
/// classes are unbalanced, and accuracy would reward predicting the big ones). The best macro-F1 wins,
/// the earlier setting on a tie. Folds come from <paramref name="seed"/>; forests use each setting's own
/// <see cref="ForestParameters.Seed"/>. Every fit uses all cores, so settings and folds run one after another.
/// </summary>
public static class ForestGridSearch
{
    public static GridSearchResult Run(
        float[][] x, int[] y, string[] groups, int classCount, IReadOnlyList<ForestParameters> grid, int folds, int seed,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        var names = new string[classCount];
        for (var c = 0; c < classCount; c++)
        {
            names[c] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Run(x, y, groups, names, grid, folds, seed, progress, cancellationToken);
    }

    /// <summary>As the other overload, with class names for the report.</summary>
    public static GridSearchResult Run(
        float[][] x, int[] y, string[] groups, IReadOnlyList<string> classes, IReadOnlyList<ForestParameters> grid, int folds, int seed,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        Matrix.RequireRectangular(x, nameof(x));
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(grid);
        Matrix.RequireSameLength(x.Length, y.Length, nameof(y));
        if (grid.Count == 0)
        {
            throw new ArgumentException("the grid has no settings", nameof(grid));
        }

        var splits = GroupStratifiedKFold.Split(y, groups, folds, seed);
        var scores = new GridScore[grid.Count];
        ClassificationReport? bestReport = null;
        var best = 0;
        var done = 0;
        for (var s = 0; s < grid.Count; s++)
        {
            var outOfFold = new int[x.Length];
            foreach (var fold in splits)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var model = RandomForestClassifier.Fit(Rows(x, fold.Train), Rows(y, fold.Train), classes.Count, grid[s], cancellationToken);
                foreach (var i in fold.Test)
                {
                    outOfFold[i] = model.Predict(x[i]);
                }

                progress?.Report((double)++done / (grid.Count * splits.Count));
            }

            var report = ClassificationReport.Compute(y, outOfFold, classes);
            scores[s] = new GridScore(grid[s], report.MacroF1, report.Accuracy);
            if (bestReport is null || report.MacroF1 > bestReport.MacroF1)
            {
                bestReport = report;
                best = s;
            }
        }

        return new GridSearchResult(grid[best], scores, bestReport!);
    }

    private static T[] Rows<T>(T[] source, int[] indices) => Array.ConvertAll(indices, i => source[i]);
}
