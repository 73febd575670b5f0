using EmotionGrid.Audio.Features;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>The per-frame features other than MFCCs, on signals whose answers are known.</summary>
public sealed class FrameFeatureTests
{
    private const int SampleRate = 16_000;
    private const int Zcr = 0;
    private const int Rms = 1;
    private const int Centroid = 2;
    private const int Bandwidth = 3;
    private const int Rolloff = 4;
    private const int Contrast = 5;
    private const int Chroma = 5 + SpectralContrast.BandCount;

    private readonly AcousticFrameAnalyzer _analyzer = new();

    [Theory]
    [InlineData(100)]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(3000)]
    public void Zero_crossing_rate_of_a_sine_is_two_f_over_sr(double hz)
    {
        var other = Mean(Signals.Sine(hz, SampleRate, 8000, phase: 0.3));

        Assert.Equal(2 * hz / SampleRate, other[Zcr], 2 * hz / SampleRate * 0.05);
    }

    [Fact]
    public void Rms_of_a_sine_is_its_amplitude_over_root_two()
    {
        var other = Mean(Signals.Sine(1000, SampleRate, 8000, amplitude: 0.4));

        Assert.Equal(0.4 / Math.Sqrt(2), other[Rms], 2e-3);
    }

    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(2500)]
    [InlineData(5000)]
    public void A_pure_tone_has_its_centroid_and_rolloff_at_its_frequency_and_a_narrow_bandwidth(double hz)
    {
        var other = Mean(Signals.Sine(hz, SampleRate, 8000));

        Assert.Equal(hz, other[Centroid], hz * 0.02);
        Assert.InRange(other[Rolloff], hz - 40, hz + 40);
        Assert.InRange(other[Bandwidth], 5, 100);
    }

    [Fact]
    public void Two_tones_put_centroid_between_them_and_widen_the_bandwidth()
    {
        var low = Signals.Sine(500, SampleRate, 8000, amplitude: 0.3);
        var high = Signals.Sine(3500, SampleRate, 8000, amplitude: 0.3);
        var both = low.Zip(high, (a, b) => a + b).ToArray();

        var other = Mean(both);

        Assert.Equal(2000, other[Centroid], 40.0);
        Assert.Equal(1500, other[Bandwidth], 60.0); // two equal lines ±1500 Hz from the centroid
        Assert.InRange(other[Rolloff], 3400, 3600); // 85 % of the magnitude is only reached at the upper tone
    }

    [Fact]
    public void White_noise_has_a_centroid_near_4_khz_and_rolloff_near_85_percent_of_nyquist()
    {
        var random = new Random(3);
        var noise = Enumerable.Range(0, 16_000).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.3f).ToArray();

        var other = Mean(noise);

        Assert.Equal(4000, other[Centroid], 150.0);
        Assert.Equal(0.85 * 8000, other[Rolloff], 250.0);
        Assert.Equal(8000 / Math.Sqrt(12), other[Bandwidth], 150.0); // spread of a uniform spectrum
        Assert.InRange(other[Zcr], 0.4, 0.6);
    }

    [Fact]
    public void A440_peaks_at_the_pitch_class_a()
    {
        var chroma = Mean(Signals.Sine(440, SampleRate, 8000)).AsSpan(Chroma, 12).ToArray();

        Assert.Equal(9, Array.IndexOf(chroma, chroma.Max())); // C, C#, D, D#, E, F, F#, G, G#, A
        Assert.Equal(1f, chroma.Max(), 1e-6);
    }

    [Theory]
    [InlineData(261.63, 0)] // C4
    [InlineData(329.63, 4)] // E4
    [InlineData(783.99, 7)] // G5
    [InlineData(1760, 9)] // A6
    public void Chroma_of_a_tone_peaks_at_its_pitch_class(double hz, int pitchClass)
    {
        var chroma = Mean(Signals.Sine(hz, SampleRate, 8000)).AsSpan(Chroma, 12).ToArray();

        Assert.Equal(pitchClass, Array.IndexOf(chroma, chroma.Max()));
    }

    [Fact]
    public void A_tone_has_more_contrast_in_its_band_than_noise_does()
    {
        var random = new Random(5);
        var noise = Enumerable.Range(0, 8000).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.01f).ToArray();
        var tone = Signals.Sine(1200, SampleRate, 8000, amplitude: 0.3).Zip(noise, (a, b) => a + b).ToArray();

        var noiseContrast = Mean(noise).AsSpan(Contrast, SpectralContrast.BandCount).ToArray();
        var toneContrast = Mean(tone).AsSpan(Contrast, SpectralContrast.BandCount).ToArray();

        // 1200 Hz lies in band 3 (800-1600 Hz).
        Assert.True(toneContrast[3] > noiseContrast[3] + 15, $"tone {toneContrast[3]} dB vs noise {noiseContrast[3]} dB");
        Assert.Equal(3, Array.IndexOf(toneContrast, toneContrast.Max()));
    }

    [Fact]
    public void Silence_gives_zeros_not_nans()
    {
        var mfcc = new float[AcousticFrameAnalyzer.MfccCount];
        var other = new float[AcousticFrameAnalyzer.OtherCount];

        var f0 = _analyzer.Analyze(new float[400], 0, _analyzer.CreateScratch(), mfcc, other);

        Assert.Equal(0, f0);
        Assert.All(other, v => Assert.Equal(0f, v));
        Assert.All(mfcc, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(Math.Sqrt(40) * Math.Log(1e-6), mfcc[0], 1e-3);
    }

    /// <summary>The mean of each non-MFCC feature over the frames of <paramref name="x"/>.</summary>
    private float[] Mean(float[] x)
    {
        var scratch = _analyzer.CreateScratch();
        var frames = AcousticFrameAnalyzer.FrameCount(x.Length);
        var mfcc = new float[AcousticFrameAnalyzer.MfccCount];
        var other = new float[AcousticFrameAnalyzer.OtherCount];
        var sum = new double[other.Length];
        for (var t = 0; t < frames; t++)
        {
            _analyzer.Analyze(x, t, scratch, mfcc, other, withPitch: false);
            for (var i = 0; i < other.Length; i++)
            {
                sum[i] += other[i];
            }
        }

        return sum.Select(s => (float)(s / frames)).ToArray();
    }
}
