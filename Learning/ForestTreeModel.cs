namespace EmotionGrid.Learning;

/// <summary>
/// One tree as flat arrays (the serialised form and the in-memory form are the same). Node 0 is the
/// root. A split node i sends a row left when <c>row[Feature[i]] ≤ Threshold[i]</c> (NaN goes right);
/// children always have larger indices than their parent. A leaf has <c>Feature[i] = −1</c>, and
/// <c>Left[i]</c> is its row in <see cref="LeafProbabilities"/> (class-count floats per leaf, the
/// bootstrap-weighted class frequencies of its training rows); <c>Right[i]</c> is −1.
/// </summary>
public sealed record ForestTreeModel(int[] Feature, float[] Threshold, int[] Left, int[] Right, float[] LeafProbabilities)
{
    /// <summary>Offset of the leaf's probabilities in <see cref="LeafProbabilities"/> for <paramref name="row"/>.</summary>
    internal int LeafOffset(ReadOnlySpan<float> row, int classCount)
    {
        var node = 0;
        var feature = Feature;
        while (feature[node] >= 0)
        {
            node = row[feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return Left[node] * classCount;
    }

    internal void Validate(int featureCount, int classCount, int index)
    {
        var count = Feature?.Length ?? 0;
        if (count == 0 || Threshold?.Length != count || Left?.Length != count || Right?.Length != count
            || LeafProbabilities is null || LeafProbabilities.Length % classCount != 0)
        {
            throw new ArgumentException($"tree {index}: node arrays are missing or of different lengths");
        }

        var leafRows = LeafProbabilities.Length / classCount;
        for (var i = 0; i < count; i++)
        {
            var valid = Feature![i] == -1
                ? Left![i] >= 0 && Left[i] < leafRows
                : Feature[i] >= 0 && Feature[i] < featureCount
                    && Left![i] > i && Left[i] < count && Right![i] > i && Right[i] < count;
            if (!valid)
            {
                throw new ArgumentException($"tree {index}: node {i} refers outside the tree");
            }
        }
    }
}
