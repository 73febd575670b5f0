using EmotionGrid.Audio.Features;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>Jitter and shimmer against the perturbations put into period-by-period synthetic voices.</summary>
public sealed class JitterShimmerTests
{
    private static readonly int Jitter = Index("jitter_local");
    private static readonly int Shimmer = Index("shimmer_local");
    private static readonly int ShimmerDb = Index("shimmer_local_db");
    private readonly VoiceFeatureEmbedder _embedder = new();
    private readonly ITestOutputHelper _output;

    public JitterShimmerTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(100.0)]
    [InlineData(123.4)]
    [InlineData(217.0)]
    public void A_perfectly_periodic_voice_has_almost_no_jitter_or_shimmer(double hz)
    {
        var count = (int)(1.5 * hz);
        var vector = _embedder.Embed(PeriodByPeriod(Enumerable.Repeat(SampleRate / hz, count).ToArray(), Enumerable.Repeat(1.0, count).ToArray()));

        Assert.InRange(vector[Jitter], 0, 0.001);
        Assert.InRange(vector[Shimmer], 0, 0.002);
        Assert.InRange(vector[ShimmerDb], 0, 0.02);
    }

    [Theory]
    [InlineData(110.0, 0.01, 0.0)]
    [InlineData(110.0, 0.02, 0.05)]
    [InlineData(190.0, 0.01, 0.1)]
    [InlineData(190.0, 0.0, 0.05)]
    public void Set_period_and_amplitude_perturbations_are_measured(double hz, double periodSpread, double amplitudeSpread)
    {
        var count = (int)(2 * hz);
        var noise = Gaussian(2 * count, seed: 5);
        var periods = Enumerable.Range(0, count).Select(i => SampleRate / hz * (1 + (periodSpread * noise[i]))).ToArray();
        var amplitudes = Enumerable.Range(0, count).Select(i => Math.Exp(amplitudeSpread * noise[count + i])).ToArray();

        var vector = _embedder.Embed(PeriodByPeriod(periods, amplitudes));

        // The reference: the same measures straight from the peaks put in (peak i at start_i + φ T_i).
        var phase = GlottalPeakPhase;
        var intervals = periods.Zip(periods.Skip(1), (a, b) => ((1 - phase) * a) + (phase * b)).ToArray();
        var jitter = MeanAbsoluteChange(intervals) / intervals.Average();
        var shimmer = MeanAbsoluteChange(amplitudes) / amplitudes.Average();
        var shimmerDb = MeanAbsoluteChange(amplitudes.Select(a => 20 * Math.Log10(a)).ToArray());
        _output.WriteLine($"jitter {vector[Jitter]:F5} vs {jitter:F5}, shimmer {vector[Shimmer]:F5} vs {shimmer:F5}, dB {vector[ShimmerDb]:F4} vs {shimmerDb:F4}");
        Assert.Equal(jitter, vector[Jitter], (0.1 * jitter) + 0.0005);
        Assert.Equal(shimmer, vector[Shimmer], (0.1 * shimmer) + 0.001);
        Assert.Equal(shimmerDb, vector[ShimmerDb], (0.1 * shimmerDb) + 0.01);
    }

    private static double MeanAbsoluteChange(double[] values) =>
        values.Zip(values.Skip(1), (a, b) => Math.Abs(b - a)).Average();
}
