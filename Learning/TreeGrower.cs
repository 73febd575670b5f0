namespace EmotionGrid.Learning;

/// <summary>
/// Grows one CART tree (Gini) on binned features. One instance per worker thread: it owns the scratch
/// (bootstrap weights, row order, histograms), and each tree draws from its own stream derived from
/// (seed, tree index), so the forest does not depend on which thread grew which tree.
/// <para>
/// Bootstrap as scikit-learn: n draws with replacement become integer row weights, impurity and leaf
/// frequencies are weighted, while <c>MinSamplesLeaf</c> counts distinct rows. Per node, features are
/// drawn without replacement until <c>MaxFeatures</c> non-constant ones have been tried (constant ones
/// do not count, as in scikit-learn). A node's rows are partitioned in place, depth first.
/// </para>
/// </summary>
internal sealed class TreeGrower
{
    private readonly FeatureBins _bins;
    private readonly int[] _y;
    private readonly int _classes;
    private readonly ForestParameters _parameters;
    private readonly int _featuresPerSplit;
    private readonly int[] _weights;
    private readonly int[] _rows;
    private readonly int[] _features;
    private readonly int[] _classHistogram;
    private readonly int[] _rowHistogram = new int[FeatureBins.MaxBins];
    private readonly int[] _nodeCounts;
    private readonly int[] _leftCounts;
    private readonly int[] _bestLeftCounts;
    private readonly Stack<NodeTask> _pending = new();
    private readonly List<int> _feature = [];
    private readonly List<float> _threshold = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<float> _leafProbabilities = [];

    public TreeGrower(FeatureBins bins, int[] y, int classCount, ForestParameters parameters)
    {
        _bins = bins;
        _y = y;
        _classes = classCount;
        _parameters = parameters;
        _featuresPerSplit = parameters.FeaturesPerSplit(bins.Edges.Length);
        _weights = new int[bins.Rows];
        _rows = new int[bins.Rows];
        _features = new int[bins.Edges.Length];
        _classHistogram = new int[FeatureBins.MaxBins * classCount];
        _nodeCounts = new int[classCount];
        _leftCounts = new int[classCount];
        _bestLeftCounts = new int[classCount];
    }

    /// <summary>The tree and its impurity decrease per feature (weighted by node share of the root).</summary>
    public (ForestTreeModel Tree, double[] Importance) Grow(int seed, int treeIndex)
    {
        var random = new SplitMix64(SplitMix64.Derive(seed, treeIndex));
        var rowCount = DrawRows(ref random);
        for (var f = 0; f < _features.Length; f++)
        {
            _features[f] = f;
        }

        _feature.Clear();
        _threshold.Clear();
        _left.Clear();
        _right.Clear();
        _leafProbabilities.Clear();
        var importance = new double[_features.Length];
        double rootWeight = 0;
        _pending.Push(new NodeTask(0, rowCount, 0, -1, false));
        while (_pending.TryPop(out var task))
        {
            var node = _feature.Count;
            if (task.Parent >= 0)
            {
                (task.IsLeft ? _left : _right)[task.Parent] = node;
            }

            var weight = CountClasses(task.Start, task.End);
            rootWeight = node == 0 ? weight : rootWeight;
            var impurity = Gini(_nodeCounts, weight);
            var rows = task.End - task.Start;
            var canSplit = rows >= 2 * _parameters.MinSamplesLeaf && rows >= 2 && impurity > 1e-12
                && (_parameters.MaxDepth is null || task.Depth < _parameters.MaxDepth);
            if (!canSplit || !TryFindSplit(task.Start, task.End, weight, ref random, out var split))
            {
                AddLeaf(weight);
                continue;
            }

            var leftWeight = 0;
            foreach (var c in _bestLeftCounts)
            {
                leftWeight += c;
            }

            var rightCounts = new int[_classes];
            for (var c = 0; c < _classes; c++)
            {
                rightCounts[c] = _nodeCounts[c] - _bestLeftCounts[c];
            }

            importance[split.Feature] += ((weight * impurity) - (leftWeight * Gini(_bestLeftCounts, leftWeight))
                - ((weight - leftWeight) * Gini(rightCounts, weight - leftWeight))) / rootWeight;

            var middle = Partition(task.Start, task.End, split.Feature, split.Bin);
            _feature.Add(split.Feature);
            _threshold.Add(_bins.Edges[split.Feature][split.Bin]);
            _left.Add(-1);
            _right.Add(-1);
            _pending.Push(new NodeTask(middle, task.End, task.Depth + 1, node, false));
            _pending.Push(new NodeTask(task.Start, middle, task.Depth + 1, node, true));
        }

        var tree = new ForestTreeModel([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _leafProbabilities]);
        return (tree, importance);
    }

    private int DrawRows(ref SplitMix64 random)
    {
        var n = _weights.Length;
        if (_parameters.Bootstrap)
        {
            Array.Clear(_weights);
            for (var i = 0; i < n; i++)
            {
                _weights[random.NextInt(n)]++;
            }
        }
        else
        {
            Array.Fill(_weights, 1);
        }

        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (_weights[i] > 0)
            {
                _rows[count++] = i;
            }
        }

        return count;
    }

    private int CountClasses(int start, int end)
    {
        Array.Clear(_nodeCounts);
        var total = 0;
        for (var i = start; i < end; i++)
        {
            var row = _rows[i];
            _nodeCounts[_y[row]] += _weights[row];
            total += _weights[row];
        }

        return total;
    }

    private void AddLeaf(int weight)
    {
        _feature.Add(-1);
        _threshold.Add(0);
        _left.Add(_leafProbabilities.Count / _classes);
        _right.Add(-1);
        foreach (var count in _nodeCounts)
        {
            _leafProbabilities.Add((float)count / weight);
        }
    }

    private bool TryFindSplit(int start, int end, int weight, ref SplitMix64 random, out Split best)
    {
        best = default;
        var bestProxy = double.NegativeInfinity;
        var tried = 0;
        for (var i = 0; i < _features.Length && tried < _featuresPerSplit; i++)
        {
            var j = i + random.NextInt(_features.Length - i);
            (_features[i], _features[j]) = (_features[j], _features[i]);
            var feature = _features[i];
            var outcome = BestBinSplit(feature, start, end, weight, bestProxy);
            if (outcome is SearchOutcome.Constant)
            {
                continue;
            }

            tried++;
            if (outcome is SearchOutcome.Improved)
            {
                bestProxy = _lastProxy;
                best = new Split(feature, _lastBin);
            }
        }

        return bestProxy > double.NegativeInfinity;
    }

    private double _lastProxy;
    private int _lastBin;

    /// <summary>
    /// Histogram of the node's rows over this feature's bins, then one left-to-right scan. The Gini
    /// decrease is ranked by scikit-learn's proxy Σ L²/|L| + Σ R²/|R| (same order, no divisions by the
    /// parent). Only the bin range the node touches is scanned and cleared, which keeps small nodes cheap.
    /// The threshold is the edge midway between the last left bin and the first right bin the node
    /// occupies, as scikit-learn puts it midway between the two values.
    /// </summary>
    private SearchOutcome BestBinSplit(int feature, int start, int end, int weight, double bestProxy)
    {
        var codes = _bins.Codes.AsSpan(feature * _bins.Rows, _bins.Rows);
        var classes = _classes;
        int low = FeatureBins.MaxBins, high = -1;
        for (var i = start; i < end; i++)
        {
            var row = _rows[i];
            int bin = codes[row];
            _classHistogram[(bin * classes) + _y[row]] += _weights[row];
            _rowHistogram[bin]++;
            low = Math.Min(low, bin);
            high = Math.Max(high, bin);
        }

        var outcome = low == high ? SearchOutcome.Constant : SearchOutcome.NoBetter;
        if (outcome is SearchOutcome.NoBetter)
        {
            Array.Clear(_leftCounts);
            var rows = end - start;
            var leftRows = 0;
            var leftWeight = 0;
            var bestBin = -1;
            for (var bin = low; bin < high; bin++)
            {
                if (_rowHistogram[bin] == 0)
                {
                    continue;
                }

                leftRows += _rowHistogram[bin];
                double leftSquares = 0, rightSquares = 0;
                for (var c = 0; c < classes; c++)
                {
                    var left = _leftCounts[c] += _classHistogram[(bin * classes) + c];
                    leftWeight += _classHistogram[(bin * classes) + c];
                    var right = _nodeCounts[c] - left;
                    leftSquares += (double)left * left;
                    rightSquares += (double)right * right;
                }

                if (leftRows < _parameters.MinSamplesLeaf)
                {
                    continue;
                }

                if (rows - leftRows < _parameters.MinSamplesLeaf)
                {
                    break;
                }

                var proxy = (leftSquares / leftWeight) + (rightSquares / (weight - leftWeight));
                if (proxy > bestProxy)
                {
                    bestProxy = proxy;
                    bestBin = bin;
                    _leftCounts.CopyTo(_bestLeftCounts, 0);
                }
            }

            if (bestBin >= 0)
            {
                var next = bestBin + 1;
                while (_rowHistogram[next] == 0)
                {
                    next++;
                }

                _lastProxy = bestProxy;
                _lastBin = (bestBin + next - 1) / 2;
                outcome = SearchOutcome.Improved;
            }
        }

        Array.Clear(_rowHistogram, low, high - low + 1);
        Array.Clear(_classHistogram, low * classes, (high - low + 1) * classes);
        return outcome;
    }

    private int Partition(int start, int end, int feature, int bin)
    {
        var codes = _bins.Codes.AsSpan(feature * _bins.Rows, _bins.Rows);
        int i = start, j = end - 1;
        while (i <= j)
        {
            if (codes[_rows[i]] <= bin)
            {
                i++;
            }
            else
            {
                (_rows[i], _rows[j]) = (_rows[j], _rows[i]);
                j--;
            }
        }

        return i;
    }

    private static double Gini(int[] counts, int weight)
    {
        if (weight == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var c in counts)
        {
            var p = (double)c / weight;
            sum += p * p;
        }

        return 1 - sum;
    }

    private enum SearchOutcome
    {
        Constant,
        NoBetter,
        Improved,
    }

    private readonly record struct NodeTask(int Start, int End, int Depth, int Parent, bool IsLeft);

    private readonly record struct Split(int Feature, int Bin);
}
