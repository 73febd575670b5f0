namespace EmotionGrid.Learning;

/// <summary>
/// How well a clustering matches labels (or another clustering), invariant to renaming the clusters.
/// Both follow scikit-learn: NMI with the arithmetic-mean normaliser (its default), and the adjusted
/// Rand index; both are 1 for identical partitions, including the degenerate "everything in one group".
/// </summary>
public static class ClusterAgreement
{
    /// <summary>I(a; b) / ((H(a) + H(b)) / 2), in natural-log units (the base cancels); 0 when exactly one side is a single group.</summary>
    public static double NormalizedMutualInformation(int[] a, int[] b)
    {
        var table = Contingency(a, b, out var rowSums, out var columnSums);
        if (rowSums.Length == columnSums.Length && rowSums.Length <= 1)
        {
            return 1;
        }

        double n = a.Length;
        double mutual = 0;
        foreach (var ((row, column), count) in table)
        {
            mutual += count / n * Math.Log(count * n / ((double)rowSums[row] * columnSums[column]));
        }

        var normaliser = (Entropy(rowSums, n) + Entropy(columnSums, n)) / 2;
        return normaliser <= 0 ? 0 : Math.Clamp(mutual / normaliser, 0, 1);
    }

    /// <summary>Rand index corrected for chance: 1 for identical partitions, about 0 for independent ones, can be negative.</summary>
    public static double AdjustedRandIndex(int[] a, int[] b)
    {
        var table = Contingency(a, b, out var rowSums, out var columnSums);
        double pairs = 0, rowPairs = 0, columnPairs = 0;
        foreach (var count in table.Values)
        {
            pairs += Pairs(count);
        }

        foreach (var s in rowSums)
        {
            rowPairs += Pairs(s);
        }

        foreach (var s in columnSums)
        {
            columnPairs += Pairs(s);
        }

        if (a.Length < 2)
        {
            return 1; // no pairs to disagree on
        }

        var expected = rowPairs * columnPairs / Pairs(a.Length);
        var maximum = (rowPairs + columnPairs) / 2;
        return maximum == expected ? 1 : (pairs - expected) / (maximum - expected);
    }

    private static Dictionary<(int Row, int Column), long> Contingency(int[] a, int[] b, out long[] rowSums, out long[] columnSums)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Matrix.RequireSameLength(a.Length, b.Length, nameof(b));
        if (a.Length == 0)
        {
            throw new ArgumentException("no rows to compare", nameof(a));
        }

        var rows = Relabel(a);
        var columns = Relabel(b);
        rowSums = new long[rows.Count];
        columnSums = new long[columns.Count];
        var table = new Dictionary<(int, int), long>();
        for (var i = 0; i < a.Length; i++)
        {
            var key = (rows[a[i]], columns[b[i]]);
            table[key] = table.GetValueOrDefault(key) + 1;
            rowSums[key.Item1]++;
            columnSums[key.Item2]++;
        }

        return table;
    }

    private static Dictionary<int, int> Relabel(int[] labels)
    {
        var map = new Dictionary<int, int>();
        foreach (var label in labels)
        {
            map.TryAdd(label, map.Count);
        }

        return map;
    }

    private static double Entropy(long[] sums, double n)
    {
        double h = 0;
        foreach (var s in sums)
        {
            h -= s / n * Math.Log(s / n);
        }

        return h;
    }

    private static double Pairs(double count) => count * (count - 1) / 2;
}
