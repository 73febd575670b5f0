using EmotionGrid.Audio.Augmentation;

namespace EmotionGrid.Audio.Tests.Augmentation;

public sealed class TimeStretchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.8)]
    [InlineData(1.25)]
    [InlineData(0.9)]
    [InlineData(1.1)]
    public void The_length_changes_by_one_over_the_rate_and_the_frequency_stays(double rate)
    {
        var clip = Signals.Sine(440, Measure.Rate, Measure.Rate);

        var stretched = TimeStretch.Apply(clip, rate);

        var frequency = Measure.DominantFrequency(stretched);
        output.WriteLine($"rate {rate}: {stretched.Length} samples (ideal {Measure.Rate / rate:0.0}), {frequency:0.000} Hz, RMS {Signals.Rms(stretched):0.0000} (input {Signals.Rms(clip):0.0000})");
        Assert.InRange(stretched.Length, Measure.Rate / rate * 0.99, Measure.Rate / rate * 1.01);
        Assert.Equal((int)Math.Round(Measure.Rate / rate), stretched.Length);
        Assert.InRange(frequency, 440 * 0.99, 440 * 1.01);
        Assert.True(Measure.AllFinite(stretched));
    }

    [Fact]
    public void A_sine_keeps_its_amplitude_away_from_the_edges()
    {
        var clip = Signals.Sine(440, Measure.Rate, Measure.Rate, amplitude: 0.5);

        foreach (var rate in new[] { 0.8, 1.25 })
        {
            var stretched = TimeStretch.Apply(clip, rate);
            var edge = TimeStretch.FrameLength(Measure.Rate);
            var rms = Signals.Rms(stretched.AsSpan(edge, stretched.Length - (2 * edge)));
            output.WriteLine($"rate {rate}: interior RMS {rms:0.00000} (ideal {0.5 / Math.Sqrt(2):0.00000})");
            Assert.InRange(rms, 0.5 / Math.Sqrt(2) * 0.95, 0.5 / Math.Sqrt(2) * 1.05);
        }
    }

    [Fact]
    public void Rate_1_is_close_to_identity_on_tones()
    {
        var clip = Signals.Sine(440, Measure.Rate, Measure.Rate, 0.3);
        var second = Signals.Sine(1_234.5, Measure.Rate, Measure.Rate, 0.2, phase: 1);
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] += second[i];
        }

        AssertNearIdentity(clip, "two tones");
    }

    [Fact]
    public void Rate_1_is_close_to_identity_on_real_speech() => AssertNearIdentity(Measure.Speech(), "speech");

    [Fact]
    public void Short_and_empty_clips_work()
    {
        Assert.Empty(TimeStretch.Apply([], 0.8));
        var tiny = Signals.Sine(440, Measure.Rate, 100);
        var stretched = TimeStretch.Apply(tiny, 0.8);
        Assert.Equal(125, stretched.Length);
        Assert.True(Measure.AllFinite(stretched));
        Assert.Single(TimeStretch.Apply([0.5f], 1.25));
        Assert.Equal(new float[1000], TimeStretch.Apply(new float[800], 0.8));
    }

    [Fact]
    public void The_frame_follows_the_sample_rate_and_bad_arguments_are_rejected()
    {
        Assert.Equal(1024, TimeStretch.FrameLength(16_000));
        Assert.Equal(2048, TimeStretch.FrameLength(22_050));
        Assert.Equal(4096, TimeStretch.FrameLength(48_000));
        var clip = Signals.Sine(440, Measure.Rate, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(clip, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(clip, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(clip, 1, sampleRate: 0));
        clip[3] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => TimeStretch.Apply(clip, 1));
    }

    private void AssertNearIdentity(float[] clip, string what)
    {
        var same = TimeStretch.Apply(clip, 1.0);

        Assert.Equal(clip.Length, same.Length);
        var edge = TimeStretch.FrameLength(Measure.Rate);
        var inner = clip.Length - (2 * edge);
        var snr = Signals.SnrDb(clip.AsSpan(edge, inner), same.AsSpan(edge, inner));
        var whole = Signals.SnrDb(clip, same);
        output.WriteLine($"{what}: rate 1 SNR {snr:0.0} dB inside, {whole:0.0} dB over the whole clip");
        Assert.True(snr > 20, $"{what}: SNR {snr:0.0} dB");
    }
}
