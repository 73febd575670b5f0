namespace EmotionGrid.Learning.Calibration;

/// <summary>
/// Expected calibration error of the top class: predictions are put in <c>bins</c> equal-width bins by their
/// confidence (the highest probability); ECE = Σ (bin size / n) · |accuracy in bin − mean confidence in bin|.
/// 0 means "80 % sure" is right 80 % of the time. 10 bins, as Guo et al. (2017) and most reports use.
/// </summary>
public static class CalibrationError
{
    public const int DefaultBins = 10;

    public static double Expected(IReadOnlyList<float[]> probabilities, int[] truth, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(truth);
        Matrix.RequireSameLength(probabilities.Count, truth.Length, nameof(truth));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (truth.Length == 0)
        {
            throw new ArgumentException("no rows to score", nameof(truth));
        }

        var count = new int[bins];
        var correct = new int[bins];
        var confidence = new double[bins];
        for (var i = 0; i < truth.Length; i++)
        {
            var p = probabilities[i];
            var best = 0;
            for (var c = 1; c < p.Length; c++)
            {
                best = p[c] > p[best] ? c : best;
            }

            var bin = Math.Min(bins - 1, (int)(p[best] * bins));
            count[bin]++;
            correct[bin] += best == truth[i] ? 1 : 0;
            confidence[bin] += p[best];
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += Math.Abs(((double)correct[b] / count[b]) - (confidence[b] / count[b])) * count[b] / truth.Length;
            }
        }

        return ece;
    }
}
