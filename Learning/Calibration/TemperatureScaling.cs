namespace EmotionGrid.Learning.Calibration;

/// <summary>
/// Temperature scaling (Guo et al. 2017) on probabilities: p'_c ∝ p_c^(1/T). T &gt; 1 softens over-confident
/// answers, T &lt; 1 sharpens timid ones (a forest's averaged votes are usually timid); the arg-max never changes,
/// so accuracy and macro-F1 are untouched. T is fitted by minimising the negative log-likelihood of held-out
/// (out-of-fold) predictions — one parameter, so it cannot overfit a few hundred rows the way isotonic
/// regression can.
/// </summary>
public static class TemperatureScaling
{
    /// <summary>Probabilities are clamped here before the log so a 0 vote stays finite.</summary>
    public const float Floor = 1e-4f;

    private const double MinLog = -3; // T in [e^-3, e^3] ≈ [0.05, 20]
    private const double MaxLog = 3;

    public static float[] Apply(ReadOnlySpan<float> probabilities, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var result = new float[probabilities.Length];
        var max = double.MinValue;
        var logits = new double[probabilities.Length];
        for (var c = 0; c < logits.Length; c++)
        {
            logits[c] = Math.Log(Math.Max(probabilities[c], Floor)) / temperature;
            max = Math.Max(max, logits[c]);
        }

        double sum = 0;
        for (var c = 0; c < logits.Length; c++)
        {
            logits[c] = Math.Exp(logits[c] - max);
            sum += logits[c];
        }

        for (var c = 0; c < result.Length; c++)
        {
            result[c] = (float)(logits[c] / sum);
        }

        return result;
    }

    /// <summary>The temperature that minimises the mean negative log-likelihood of <paramref name="truth"/> (golden-section search on log T).</summary>
    public static double Fit(IReadOnlyList<float[]> probabilities, int[] truth)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(truth);
        Matrix.RequireSameLength(probabilities.Count, truth.Length, nameof(truth));
        if (truth.Length == 0)
        {
            throw new ArgumentException("no rows to fit", nameof(truth));
        }

        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            double total = 0;
            for (var i = 0; i < truth.Length; i++)
            {
                total -= Math.Log(Math.Max(Apply(probabilities[i], t)[truth[i]], 1e-12));
            }

            return total / truth.Length;
        }

        // The NLL is unimodal in log T for fixed logits, so golden-section search finds the minimum.
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = MinLog, b = MaxLog;
        var c = b - (ratio * (b - a));
        var d = a + (ratio * (b - a));
        double fc = Loss(c), fd = Loss(d);
        for (var iteration = 0; iteration < 60 && b - a > 1e-4; iteration++)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (ratio * (b - a));
                fc = Loss(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (ratio * (b - a));
                fd = Loss(d);
            }
        }

        return Math.Exp((a + b) / 2);
    }
}
