using EmotionGrid.Audio.Features;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>F0 functionals, slopes and voiced/unvoiced segments on tones of known pitch movement and timing.</summary>
public sealed class ProsodyTests
{
    private readonly VoiceFeatureEmbedder _embedder = new();

    [Fact]
    public void A_rise_and_fall_of_known_rate_gives_its_slopes_and_percentiles()
    {
        // 10 semitones up in 1 s, then down again: F0 uniform over [s0, s0 + 10] semitones above 27.5 Hz.
        var vector = _embedder.Embed(Glide(120, 1, 10, -10));

        var s0 = 12 * Math.Log2(120 / 27.5);
        Assert.Equal(10, vector[Index("f0_rise_st_per_s_mean")], 0.5);
        Assert.Equal(10, vector[Index("f0_fall_st_per_s_mean")], 0.5);
        Assert.InRange(vector[Index("f0_rise_st_per_s_std")], 0, 0.5);
        Assert.Equal(s0 + 2, vector[Index("f0_st27_p20")], 0.3);
        Assert.Equal(s0 + 5, vector[Index("f0_st27_p50")], 0.3);
        Assert.Equal(s0 + 8, vector[Index("f0_st27_p80")], 0.3);
        Assert.Equal(6, vector[Index("f0_st27_range_20_80")], 0.3);
        Assert.Equal(10 / Math.Sqrt(12) / (s0 + 5), vector[Index("f0_st27_cv")], 0.005);
    }

    [Fact]
    public void Faster_falls_than_rises_are_told_apart()
    {
        var vector = _embedder.Embed(Glide(150, 0.5, 6, -18, 6, -18));

        Assert.Equal(6, vector[Index("f0_rise_st_per_s_mean")], 0.5);
        Assert.Equal(18.0, vector[Index("f0_fall_st_per_s_mean")], 1.0);
    }

    [Fact]
    public void A_steady_tone_has_no_slopes_and_its_percentiles_at_its_pitch()
    {
        var vector = _embedder.Embed(Glide(220, 1, 0));

        var st = 12 * Math.Log2(220 / 27.5);
        Assert.Equal(0, vector[Index("f0_rise_st_per_s_mean")]);
        Assert.Equal(0, vector[Index("f0_fall_st_per_s_mean")]);
        Assert.Equal(st, vector[Index("f0_st27_p50")], 0.05);
        Assert.InRange(vector[Index("f0_st27_range_20_80")], 0, 0.05);
    }

    [Fact]
    public void Tone_bursts_give_their_segment_rate_and_lengths()
    {
        // 0.2 s silence, then five times (0.3 s voice, 0.2 s silence): 2.7 s.
        var voice = Glide(180, 0.3, 0);
        var clip = new float[(int)(2.7 * SampleRate)];
        for (var i = 0; i < 5; i++)
        {
            voice.CopyTo(clip, (int)((0.2 + (0.5 * i)) * SampleRate));
        }

        var vector = _embedder.Embed(clip);

        Assert.Equal(5 / 2.7, vector[Index("voiced_segments_per_s")], 1e-4);
        Assert.Equal(0.3, vector[Index("voiced_segment_s_mean")], 0.04);
        Assert.InRange(vector[Index("voiced_segment_s_std")], 0, 0.011);
        Assert.Equal(0.2, vector[Index("unvoiced_segment_s_mean")], 0.04);
        Assert.InRange(vector[Index("unvoiced_segment_s_std")], 0, 0.011);
        Assert.Equal(5 / 2.7, vector[Index("loudness_peaks_per_s")], 1e-4);
    }

    [Fact]
    public void Percentiles_interpolate_as_numpy_does()
    {
        float[] sorted = [1, 2, 3, 4, 5];

        Assert.Equal(1.8, Percentiles.OfSorted(sorted, 0.2), 1e-6); // numpy.percentile([1..5], 20)
        Assert.Equal(3, Percentiles.OfSorted(sorted, 0.5), 1e-6);
        Assert.Equal(4.2, Percentiles.OfSorted(sorted, 0.8), 1e-6);
        Assert.Equal(7, Percentiles.OfSorted([7], 0.8));
        Assert.Equal(0, Percentiles.OfSorted([], 0.5));

        var random = new Random(4);
        var values = Enumerable.Range(0, 37).Select(_ => (float)random.NextDouble()).Order().ToArray();
        Assert.Equal(Percentile(values.Select(v => (double)v), 0.8), Percentiles.OfSorted(values, 0.8), 1e-6);
    }

    [Fact]
    public void Contour_slopes_ignore_wiggles_below_the_hysteresis()
    {
        // Up 0..10 over 10 steps with ±0.2 wiggles, down to 0 over 5 steps, up to 4 over 4 steps.
        var contour = new List<float>();
        for (var i = 0; i <= 10; i++)
        {
            contour.Add(i + (i % 2 == 0 ? 0.2f : -0.2f));
        }

        contour.AddRange([8, 6, 4, 2, 0, 1, 2, 3, 4]);
        var slopes = default(ContourSlopes);

        slopes.Add(contour.ToArray(), delta: 1);

        Assert.Equal(1, slopes.Peaks); // the end at 4 is not confirmed by a fall
        Assert.Equal(2, slopes.Rising.Count);
        Assert.Equal(1, slopes.Falling.Count);
        Assert.Equal((10.2 + 0.2) / 10 / ContourSlopes.StepSeconds, slopes.Rising.Mean, 0.5 / ContourSlopes.StepSeconds); // parts 0→10 and 0→4
        Assert.Equal(10.2 / 5 / ContourSlopes.StepSeconds, slopes.Falling.Mean, 1e-3);
    }
}
