namespace EmotionGrid.Learning;

/// <summary>
/// k-fold splits where a group (a speaker) never appears on both sides, with class proportions kept
/// as even as the groups allow: scikit-learn's <c>StratifiedGroupKFold(shuffle=True)</c> algorithm.
/// Groups are shuffled by the seed, then ordered by how lopsided their label histogram is (largest
/// standard deviation first, stable), and each goes to the fold where adding it gives the lowest mean
/// over classes of the spread of per-fold class shares, ties to the fold with fewer rows. One
/// addition: when the groups left are only just enough for the folds still empty, they go there, so
/// every fold has a test set.
/// </summary>
public static class GroupStratifiedKFold
{
    public static IReadOnlyList<Fold> Split(int[] y, string[] groups, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(groups);
        Matrix.RequireSameLength(y.Length, groups.Length, nameof(groups));
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);

        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOfRow = new int[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(y[i], nameof(y));
            var name = groups[i] ?? throw new ArgumentException($"row {i} has no group", nameof(groups));
            if (!groupIndex.TryGetValue(name, out var g))
            {
                groupIndex[name] = g = groupIndex.Count;
            }

            groupOfRow[i] = g;
        }

        var groupCount = groupIndex.Count;
        if (groupCount < folds)
        {
            throw new ArgumentException(
                $"{folds}-fold cross-validation needs at least {folds} groups (speakers), but the data has only {groupCount}; "
                + "use fewer folds or label more speakers", nameof(groups));
        }

        var classCount = 0;
        foreach (var label in y)
        {
            classCount = Math.Max(classCount, label + 1);
        }

        var histogram = new double[groupCount][];
        for (var g = 0; g < groupCount; g++)
        {
            histogram[g] = new double[classCount];
        }

        var classTotals = new double[classCount];
        for (var i = 0; i < y.Length; i++)
        {
            histogram[groupOfRow[i]][y[i]]++;
            classTotals[y[i]]++;
        }

        var order = ShuffledByLopsidedness(histogram, seed);
        var foldCounts = new double[folds][];
        for (var f = 0; f < folds; f++)
        {
            foldCounts[f] = new double[classCount];
        }

        var foldOfGroup = new int[groupCount];
        var foldRows = new double[folds];
        for (var position = 0; position < order.Length; position++)
        {
            var g = order[position];
            var best = BestFold(foldCounts, foldRows, classTotals, histogram[g], mustFillEmpty: order.Length - position <= CountEmpty(foldRows));
            foldOfGroup[g] = best;
            foldRows[best] += Sum(histogram[g]);
            for (var c = 0; c < classCount; c++)
            {
                foldCounts[best][c] += histogram[g][c];
            }
        }

        var result = new Fold[folds];
        for (var f = 0; f < folds; f++)
        {
            var train = new List<int>();
            var test = new List<int>();
            for (var i = 0; i < y.Length; i++)
            {
                (foldOfGroup[groupOfRow[i]] == f ? test : train).Add(i);
            }

            result[f] = new Fold([.. train], [.. test]);
        }

        return result;
    }

    private static int[] ShuffledByLopsidedness(double[][] histogram, int seed)
    {
        var order = new int[histogram.Length];
        for (var g = 0; g < order.Length; g++)
        {
            order[g] = g;
        }

        var random = new SplitMix64(SplitMix64.Derive(seed, 0));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var spread = Array.ConvertAll(order, g => -StandardDeviation(histogram[g]));
        var positions = new int[order.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        // Stable sort by spread: ties keep the shuffled order, which is where the seed matters.
        Array.Sort(positions, (a, b) => spread[a] != spread[b] ? spread[a].CompareTo(spread[b]) : a.CompareTo(b));
        return Array.ConvertAll(positions, p => order[p]);
    }

    private static int BestFold(double[][] foldCounts, double[] foldRows, double[] classTotals, double[] group, bool mustFillEmpty)
    {
        var best = -1;
        var bestEvaluation = double.PositiveInfinity;
        for (var f = 0; f < foldCounts.Length; f++)
        {
            if (mustFillEmpty && foldRows[f] > 0)
            {
                continue;
            }

            var evaluation = SpreadIfAdded(foldCounts, classTotals, group, f);
            var closeToBest = Math.Abs(evaluation - bestEvaluation) <= 1e-8 + (1e-5 * Math.Abs(bestEvaluation)); // numpy.isclose
            if (best < 0 || (evaluation < bestEvaluation && !closeToBest) || (closeToBest && foldRows[f] < foldRows[best]))
            {
                best = f;
                bestEvaluation = evaluation;
            }
        }

        return best;
    }

    /// <summary>Mean over classes of the standard deviation across folds of (fold's class count / class total).</summary>
    private static double SpreadIfAdded(double[][] foldCounts, double[] classTotals, double[] group, int candidate)
    {
        var folds = foldCounts.Length;
        double total = 0;
        var shares = new double[folds];
        for (var c = 0; c < classTotals.Length; c++)
        {
            if (classTotals[c] == 0)
            {
                continue;
            }

            for (var f = 0; f < folds; f++)
            {
                shares[f] = (foldCounts[f][c] + (f == candidate ? group[c] : 0)) / classTotals[c];
            }

            total += StandardDeviation(shares);
        }

        return total / classTotals.Length;
    }

    private static int CountEmpty(double[] foldRows) => Array.FindAll(foldRows, r => r == 0).Length;

    private static double Sum(double[] values)
    {
        double total = 0;
        foreach (var v in values)
        {
            total += v;
        }

        return total;
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = Sum(values) / values.Length;
        double squares = 0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return Math.Sqrt(squares / values.Length);
    }
}
