using EmotionGrid.Audio.Features;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>Loudness against a direct DFT through the HTK mel bands, and its slopes on a known loudness contour.</summary>
public sealed class LoudnessTests
{
    private readonly VoiceFeatureEmbedder _embedder = new();

    [Fact]
    public void Loudness_statistics_match_a_direct_computation()
    {
        var noise = Gaussian(SampleRate, seed: 6);
        var x = Enumerable.Range(0, SampleRate).Select(n => (float)((0.3 * Math.Sin(2 * Math.PI * 5 * n / SampleRate) * Math.Sin(2 * Math.PI * 440 * n / SampleRate)) + (0.02 * noise[n]))).ToArray();

        var vector = _embedder.Embed(x);

        var mel = new MelFilterbank(40, 512, SampleRate, 0, 8000);
        var loudness = Enumerable.Range(0, FrameCount(x.Length)).Select(t =>
        {
            var power = HannPowerByDft(x, t);
            return Enumerable.Range(0, 40).Sum(b => Math.Pow(Enumerable.Range(0, power.Length).Sum(k => mel.Weight(b, k) * power[k]) / 1e4, 0.3));
        }).ToArray();
        var mean = loudness.Average();
        Assert.Equal(mean, vector[Index("loudness_mean")], 1e-3 * mean);
        Assert.Equal(Math.Sqrt(loudness.Average(v => (v - mean) * (v - mean))), vector[Index("loudness_std")], 1e-3 * mean);
        Assert.Equal(Percentile(loudness, 0.2), vector[Index("loudness_p20")], 1e-3 * mean);
        Assert.Equal(Percentile(loudness, 0.5), vector[Index("loudness_p50")], 1e-3 * mean);
        Assert.Equal(Percentile(loudness, 0.8), vector[Index("loudness_p80")], 1e-3 * mean);
        Assert.Equal(Percentile(loudness, 0.8) - Percentile(loudness, 0.2), vector[Index("loudness_range_20_80")], 1e-3 * mean);
    }

    [Fact]
    public void A_full_scale_tone_has_a_loudness_of_about_two_and_a_half()
    {
        var vector = _embedder.Embed(Signals.Sine(1000, SampleRate, SampleRate, amplitude: 1));

        Assert.InRange(vector[Index("loudness_mean")], 2.2, 2.6); // leakage into neighbouring bands counts too, compressed by the 0.3 power
    }

    [Fact]
    public void A_triangular_loudness_contour_gives_its_slopes_and_peaks()
    {
        // Loudness is (power)^0.3, so amplitude^0.6: a tone of amplitude a has loudness L(a) = L(0.5) (a / 0.5)^0.6.
        var reference = _embedder.Embed(Signals.Sine(1000, SampleRate, SampleRate, amplitude: 0.5))[Index("loudness_mean")];

        // Loudness from 0.2 L to L in 0.4 s and back, three times (2.4 s): slopes ±2 L/s, 3 peaks.
        var x = new float[(int)(2.4 * SampleRate)];
        for (var n = 0; n < x.Length; n++)
        {
            var cycle = (n / (double)SampleRate) % 0.8;
            var relative = 0.2 + (0.8 * (cycle < 0.4 ? cycle / 0.4 : (0.8 - cycle) / 0.4));
            x[n] = (float)(0.5 * Math.Pow(relative, 1 / 0.6) * Math.Sin(2 * Math.PI * 1000 * n / SampleRate));
        }

        var vector = _embedder.Embed(x);

        Assert.Equal(2 * reference, vector[Index("loudness_rise_per_s_mean")], 0.1 * reference); // within 5 %
        Assert.Equal(2 * reference, vector[Index("loudness_fall_per_s_mean")], 0.1 * reference); // within 5 %
        Assert.Equal(3 / 2.4, vector[Index("loudness_peaks_per_s")], 1e-4);
    }
}
