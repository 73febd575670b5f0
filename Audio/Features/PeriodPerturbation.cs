using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// Local jitter and shimmer from individual glottal periods, Praat-style ("periodic, peaks"):
/// within each voiced run of frames the waveform's main peaks are marked one period apart — the
/// first at the largest sample of the first period, each next one at the largest sample between
/// 0.8 and 1.2 periods after the last (the period from that frame's YIN F0; the polarity, peaks or
/// troughs, chosen per run by the larger extreme) and refined by a parabola to a fraction of a
/// sample. A period is the distance between consecutive marks; a mark found at the edge of its
/// search window is no peak and breaks the chain. A period's amplitude is the (refined) peak value
/// at the mark that starts it, as Praat's peak amplitudes. Over all consecutive pairs of periods in
/// all runs:
/// <list type="bullet">
/// <item><description>jitter (local) = mean |Tᵢ − Tᵢ₋₁| ÷ mean T (a fraction; 0.01 = 1 %);</description></item>
/// <item><description>shimmer (local) = mean |Aᵢ − Aᵢ₋₁| ÷ mean A (a fraction);</description></item>
/// <item><description>shimmer (local, dB) = mean |20 log10(Aᵢ / Aᵢ₋₁)|.</description></item>
/// </list>
/// All three are 0 when there is no pair of periods. Stateless and thread-safe.
/// </summary>
internal static class PeriodPerturbation
{
    private const double SearchFrom = 0.8;
    private const double SearchTo = 1.2;

    /// <summary>Jitter, shimmer and shimmer (dB) of <paramref name="samples"/> given the per-frame F0 track (Hz, 0 unvoiced).</summary>
    public static (double Jitter, double Shimmer, double ShimmerDb) Measure(ReadOnlySpan<float> samples, ReadOnlySpan<float> f0)
    {
        var totals = default(Totals);
        for (var t = 0; t < f0.Length;)
        {
            if (f0[t] <= 0)
            {
                t++;
                continue;
            }

            var end = t;
            while (end + 1 < f0.Length && f0[end + 1] > 0)
            {
                end++;
            }

            MeasureRun(samples, f0, t, end, ref totals);
            t = end + 1;
        }

        if (totals.Pairs == 0)
        {
            return (0, 0, 0);
        }

        var meanPeriod = totals.PeriodSum / totals.Periods;
        var meanAmplitude = totals.AmplitudeSum / totals.Periods;
        return (
            totals.PeriodChange / totals.Pairs / meanPeriod,
            meanAmplitude > 0 ? totals.AmplitudeChange / totals.Pairs / meanAmplitude : 0,
            totals.AmplitudeChangeDb / totals.Pairs);
    }

    private static void MeasureRun(ReadOnlySpan<float> samples, ReadOnlySpan<float> f0, int first, int last, ref Totals totals)
    {
        const int Hop = AcousticFrameAnalyzer.HopLength;
        const int Centre = AcousticFrameAnalyzer.WindowLength / 2;
        var start = Math.Max(0, (first * Hop) + Centre - (Hop / 2));
        var end = Math.Min(samples.Length, (last * Hop) + Centre + (Hop / 2));
        if (end - start < 4)
        {
            return;
        }

        var region = samples[start..end];
        var sign = TensorPrimitives.Max(region) >= -TensorPrimitives.Min(region) ? 1f : -1f;

        var firstLength = Math.Min(region.Length, (int)Math.Ceiling(Period(f0, start, first, last)));
        var mark = start + PeakIndex(region[..firstLength], sign);
        var (markAt, markPeak) = Refine(samples, mark, sign);
        double previousPeriod = 0, previousAmplitude = 0;
        while (true)
        {
            var period = Period(f0, mark, first, last);
            var from = mark + (int)Math.Ceiling(SearchFrom * period);
            var to = mark + (int)Math.Floor(SearchTo * period);
            if (to >= end - 1 || to - from < 2)
            {
                return;
            }

            var next = from + PeakIndex(samples[from..(to + 1)], sign);
            var (nextAt, nextPeak) = Refine(samples, next, sign);
            if (next == from || next == to)
            {
                // No peak inside the window: the chain breaks; restart from the largest sample there.
                previousPeriod = 0;
                (mark, markAt, markPeak) = (next, nextAt, nextPeak);
                continue;
            }

            var length = nextAt - markAt;
            var amplitude = markPeak;
            totals.Periods++;
            totals.PeriodSum += length;
            totals.AmplitudeSum += amplitude;
            if (previousPeriod > 0)
            {
                totals.Pairs++;
                totals.PeriodChange += Math.Abs(length - previousPeriod);
                totals.AmplitudeChange += Math.Abs(amplitude - previousAmplitude);
                totals.AmplitudeChangeDb += amplitude > 0 && previousAmplitude > 0 ? Math.Abs(20 * Math.Log10(amplitude / previousAmplitude)) : 0;
            }

            (previousPeriod, previousAmplitude) = (length, amplitude);
            (mark, markAt, markPeak) = (next, nextAt, nextPeak);
        }
    }

    /// <summary>The period (samples) of the run's frame whose centre is nearest sample <paramref name="at"/>.</summary>
    private static double Period(ReadOnlySpan<float> f0, int at, int first, int last)
    {
        var frame = (int)Math.Round((at - (AcousticFrameAnalyzer.WindowLength / 2)) / (double)AcousticFrameAnalyzer.HopLength);
        return AcousticFrameAnalyzer.SampleRate / (double)f0[Math.Clamp(frame, first, last)];
    }

    private static int PeakIndex(ReadOnlySpan<float> window, float sign) =>
        sign > 0 ? TensorPrimitives.IndexOfMax(window) : TensorPrimitives.IndexOfMin(window);

    /// <summary>Position and height (polarity removed) of the vertex of the parabola through the peak sample and its neighbours.</summary>
    private static (double At, double Peak) Refine(ReadOnlySpan<float> samples, int at, float sign)
    {
        double b = sign * samples[at];
        if (at <= 0 || at >= samples.Length - 1)
        {
            return (at, b);
        }

        double a = sign * samples[at - 1], c = sign * samples[at + 1];
        var curvature = a - (2 * b) + c;
        if (!(curvature < 0))
        {
            return (at, b);
        }

        var offset = Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5);
        return (at + offset, b - (0.25 * (a - c) * offset));
    }

    private struct Totals
    {
        public int Periods;
        public int Pairs;
        public double PeriodSum;
        public double AmplitudeSum;
        public double PeriodChange;
        public double AmplitudeChange;
        public double AmplitudeChangeDb;
    }
}
