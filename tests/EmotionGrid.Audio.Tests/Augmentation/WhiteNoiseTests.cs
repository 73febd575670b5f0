using EmotionGrid.Audio.Augmentation;

namespace EmotionGrid.Audio.Tests.Augmentation;

public sealed class WhiteNoiseTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    public void The_measured_snr_of_a_sine_is_the_target(double snrDb)
    {
        var clip = Signals.Sine(440, Measure.Rate, Measure.Rate);

        var noisy = WhiteNoise.Add(clip, snrDb, seed: 7);

        var measured = Measure.SnrDb(clip, noisy);
        output.WriteLine($"sine target {snrDb} dB: measured {measured:0.0000} dB");
        Assert.Equal(clip.Length, noisy.Length);
        Assert.InRange(measured, snrDb - 0.3, snrDb + 0.3);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    public void The_measured_snr_of_real_speech_is_the_target(double snrDb)
    {
        var clip = Measure.Speech();

        var noisy = WhiteNoise.Add(clip, snrDb, seed: 11);

        var measured = Measure.SnrDb(clip, noisy);
        output.WriteLine($"speech target {snrDb} dB: measured {measured:0.0000} dB");
        Assert.InRange(measured, snrDb - 0.3, snrDb + 0.3);
    }

    [Fact]
    public void The_same_seed_gives_the_same_noise_and_another_seed_other_noise()
    {
        var clip = Signals.Sine(300, Measure.Rate, 8_000);

        var a = WhiteNoise.Add(clip, 20, seed: 42);
        var b = WhiteNoise.Add(clip, 20, seed: 42);
        var c = WhiteNoise.Add(clip, 20, seed: 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        // Different seeds give (nearly) uncorrelated noise, not a shifted copy.
        double dot = 0, na = 0, nc = 0;
        for (var i = 0; i < clip.Length; i++)
        {
            double x = a[i] - clip[i], y = c[i] - clip[i];
            dot += x * y;
            na += x * x;
            nc += y * y;
        }

        Assert.InRange(dot / Math.Sqrt(na * nc), -0.05, 0.05);
    }

    [Fact]
    public void The_noise_is_white_and_gaussian()
    {
        var clip = Signals.Sine(1_000, Measure.Rate, 64_000);
        var noisy = WhiteNoise.Add(clip, 0, seed: 3);
        var noise = new double[clip.Length];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = noisy[i] - clip[i];
        }

        var mean = noise.Average();
        var variance = noise.Select(v => (v - mean) * (v - mean)).Average();
        var kurtosis = noise.Select(v => Math.Pow(v - mean, 4)).Average() / (variance * variance);
        double lag1 = 0;
        for (var i = 1; i < noise.Length; i++)
        {
            lag1 += (noise[i] - mean) * (noise[i - 1] - mean);
        }

        lag1 /= (noise.Length - 1) * variance;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(kurtosis, 2.9, 3.1);
        Assert.InRange(lag1, -0.02, 0.02);
    }

    [Fact]
    public void A_silent_clip_comes_back_unchanged()
    {
        var silent = new float[1_000];

        var result = WhiteNoise.Add(silent, 20, seed: 1);

        Assert.Equal(silent, result);
        Assert.NotSame(silent, result);
        Assert.Empty(WhiteNoise.Add([], 20, seed: 1));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var clip = Signals.Sine(440, Measure.Rate, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => WhiteNoise.Add(clip, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WhiteNoise.Add(clip, double.PositiveInfinity, 1));
        clip[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => WhiteNoise.Add(clip, 20, 1));
    }
}
