using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// Harmonics-to-noise ratio of a voiced block, Praat/eGeMAPS style from the autocorrelation:
/// r = the normalised cross-correlation Σ x[j] x[j+τ] / √(Σ x[j]² Σ x[j+τ]²) of the first
/// <see cref="YinPitchTracker.IntegrationWindow"/> samples with themselves one pitch period later
/// (the same window YIN compares), at the three whole lags around the period and refined to the
/// parabola's peak; HNR = 10 log10(r / (1 − r)) dB, with r clamped so HNR stays in
/// [<see cref="MinDb"/>, <see cref="MaxDb"/>]. For a periodic signal plus uncorrelated noise r is
/// S / (S + N), so HNR is the signal-to-noise ratio.
/// </summary>
internal static class HarmonicsToNoise
{
    public const double MinDb = -20;
    public const double MaxDb = 40;

    /// <summary>HNR (dB) of <paramref name="block"/> at a period of <paramref name="periodSamples"/> samples.</summary>
    public static double Compute(ReadOnlySpan<float> block, double periodSamples)
    {
        const int W = YinPitchTracker.IntegrationWindow;
        var lag = Math.Clamp((int)Math.Round(periodSamples), 2, block.Length - W - 1);
        var head = block[..W];
        double energy = TensorPrimitives.SumOfSquares(head);
        var a = Correlation(head, block.Slice(lag - 1, W), energy);
        var b = Correlation(head, block.Slice(lag, W), energy);
        var c = Correlation(head, block.Slice(lag + 1, W), energy);
        var r = Math.Max(a, Math.Max(b, c));
        var curvature = a - (2 * b) + c;
        if (curvature < 0 && b >= a && b >= c)
        {
            r = b - ((a - c) * (a - c) / (8 * curvature));
        }

        var low = Ratio(MinDb);
        var high = Ratio(MaxDb);
        r = Math.Clamp(double.IsFinite(r) ? r : low, low, high);
        return 10 * Math.Log10(r / (1 - r));
    }

    private static double Correlation(ReadOnlySpan<float> head, ReadOnlySpan<float> shifted, double headEnergy)
    {
        double shiftedEnergy = TensorPrimitives.SumOfSquares(shifted);
        var denominator = Math.Sqrt(headEnergy * shiftedEnergy);
        return denominator > 0 ? TensorPrimitives.Dot(head, shifted) / denominator : 0;
    }

    /// <summary>The r whose HNR is <paramref name="db"/>: r / (1 − r) = 10^(db/10).</summary>
    private static double Ratio(double db)
    {
        var q = Math.Pow(10, db / 10);
        return q / (1 + q);
    }
}
