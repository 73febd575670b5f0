namespace EmotionGrid.Audio.Features;

/// <summary>Percentiles of a sample, interpolated linearly between order statistics (numpy's default).</summary>
internal static class Percentiles
{
    /// <summary>
    /// The <paramref name="fraction"/> (0–1) quantile of <paramref name="sorted"/> (ascending):
    /// position fraction·(n − 1), interpolated between its neighbours; 0 for an empty sample.
    /// </summary>
    public static double OfSorted(ReadOnlySpan<float> sorted, double fraction)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var position = Math.Clamp(fraction, 0, 1) * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var weight = position - below;
        return sorted[below] + (weight * (sorted[above] - (double)sorted[below]));
    }
}
