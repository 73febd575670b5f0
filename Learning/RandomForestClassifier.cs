namespace EmotionGrid.Learning;

/// <summary>
/// A random forest of CART trees (Gini), like scikit-learn's <c>RandomForestClassifier</c> at the same
/// parameters except that splits are searched over at most 256 quantile bins per feature (see
/// <see cref="FeatureBins"/>). Probabilities are the leaf class frequencies averaged over trees, the
/// prediction their arg-max (lowest class on a tie), importances the normalised mean decrease in
/// impurity. Trees grow in parallel, each from its own seeded stream, so a seed fixes the forest
/// whatever the thread count. Immutable after fitting, so prediction is thread-safe.
/// </summary>
public sealed class RandomForestClassifier
{
    private readonly ForestTreeModel[] _trees;

    private RandomForestClassifier(int classCount, int featureCount, float[] importances, ForestTreeModel[] trees)
    {
        ClassCount = classCount;
        FeatureCount = featureCount;
        FeatureImportances = importances;
        _trees = trees;
    }

    public int ClassCount { get; }

    public int FeatureCount { get; }

    /// <summary>Mean decrease in impurity per feature, summing to 1 (all 0 when no tree could split).</summary>
    public float[] FeatureImportances { get; }

    public int TreeCount => _trees.Length;

    public static RandomForestClassifier Fit(float[][] x, int[] y, int classCount, ForestParameters parameters, CancellationToken cancellationToken = default)
    {
        var d = Matrix.RequireRectangular(x, nameof(x));
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(parameters);
        Matrix.RequireSameLength(x.Length, y.Length, nameof(y));
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        foreach (var label in y)
        {
            if (label < 0 || label >= classCount)
            {
                throw new ArgumentException($"label {label} is outside 0..{classCount - 1}", nameof(y));
            }
        }

        parameters.Validate(d);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = parameters.Parallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        var bins = FeatureBins.Build(x, options);
        var trees = new ForestTreeModel[parameters.Trees];
        var importances = new double[parameters.Trees][];
        Parallel.For(0, parameters.Trees, options, () => new TreeGrower(bins, y, classCount, parameters), (t, _, grower) =>
        {
            (trees[t], importances[t]) = grower.Grow(parameters.Seed, t);
            return grower;
        }, _ => { });

        return new RandomForestClassifier(classCount, d, MeanNormalised(importances, d), trees);
    }

    public static RandomForestClassifier FromModel(ForestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.ClassCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.FeatureCount, 1);
        if (model.Trees is not { Length: > 0 } || model.FeatureImportances?.Length != model.FeatureCount)
        {
            throw new ArgumentException("a forest model needs at least one tree and one importance per feature", nameof(model));
        }

        for (var t = 0; t < model.Trees.Length; t++)
        {
            model.Trees[t].Validate(model.FeatureCount, model.ClassCount, t);
        }

        return new RandomForestClassifier(model.ClassCount, model.FeatureCount, model.FeatureImportances, model.Trees);
    }

    public ForestModel ToModel() => new(ClassCount, FeatureCount, FeatureImportances, _trees);

    public float[] PredictProbabilities(ReadOnlySpan<float> vector)
    {
        Matrix.RequireDimension(FeatureCount, vector.Length, nameof(vector));
        var sum = new float[ClassCount];
        foreach (var tree in _trees)
        {
            var leaf = tree.LeafProbabilities.AsSpan(tree.LeafOffset(vector, ClassCount), ClassCount);
            for (var c = 0; c < sum.Length; c++)
            {
                sum[c] += leaf[c];
            }
        }

        var total = 0f;
        foreach (var s in sum)
        {
            total += s;
        }

        // Dividing by the total rather than the tree count makes the sum 1 to rounding even though each
        // leaf's own frequencies were rounded to float.
        for (var c = 0; c < sum.Length; c++)
        {
            sum[c] /= total;
        }

        return sum;
    }

    public int Predict(ReadOnlySpan<float> vector) => ArgMax(PredictProbabilities(vector));

    public int[] Predict(float[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = new int[x.Length];
        Parallel.For(0, x.Length, i => result[i] = Predict(x[i]));
        return result;
    }

    internal static int ArgMax(float[] values)
    {
        var best = 0;
        for (var c = 1; c < values.Length; c++)
        {
            best = values[c] > values[best] ? c : best;
        }

        return best;
    }

    private static float[] MeanNormalised(double[][] perTree, int d)
    {
        var mean = new double[d];
        foreach (var tree in perTree)
        {
            double total = 0;
            foreach (var v in tree)
            {
                total += v;
            }

            for (var f = 0; total > 0 && f < d; f++)
            {
                mean[f] += tree[f] / total;
            }
        }

        double sum = 0;
        foreach (var v in mean)
        {
            sum += v;
        }

        return Array.ConvertAll(mean, v => sum > 0 ? (float)(v / sum) : 0f);
    }
}
