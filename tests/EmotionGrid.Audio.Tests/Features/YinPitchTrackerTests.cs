using EmotionGrid.Audio.Features;

namespace EmotionGrid.Audio.Tests.Features;

public sealed class YinPitchTrackerTests
{
    private const int SampleRate = 16_000;
    private readonly YinPitchTracker _yin = new(SampleRate);

    [Theory]
    [InlineData(100)]
    [InlineData(220)]
    [InlineData(440)]
    [InlineData(65)]
    [InlineData(123.4)]
    [InlineData(480)]
    public void A_sine_is_found_within_one_percent(double hz)
    {
        var tone = Signals.Sine(hz, SampleRate, _yin.BlockLength, amplitude: 0.3, phase: 0.7);

        var f0 = _yin.Estimate(tone, new double[_yin.ScratchLength]);

        Assert.InRange(f0, hz * 0.99, hz * 1.01);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(220)]
    [InlineData(440)]
    public void A_harmonic_tone_is_found_at_its_fundamental(double hz)
    {
        // Harmonics 1..8 with 1/k amplitudes, the fundamental weaker than the 2nd and 3rd to make octave errors tempting.
        var tone = Harmonic(hz, _yin.BlockLength, [0.3, 0.5, 0.4, 0.25, 0.2, 0.15, 0.1, 0.08]);

        var f0 = _yin.Estimate(tone, new double[_yin.ScratchLength]);

        Assert.InRange(f0, hz * 0.99, hz * 1.01);
    }

    [Fact]
    public void A_missing_fundamental_is_still_heard_as_the_fundamental()
    {
        var tone = Harmonic(150, _yin.BlockLength, [0, 0.4, 0.4, 0.3]);

        Assert.InRange(_yin.Estimate(tone, new double[_yin.ScratchLength]), 148.5, 151.5);
    }

    [Fact]
    public void Silence_is_unvoiced()
    {
        Assert.Equal(0, _yin.Estimate(new float[_yin.BlockLength], new double[_yin.ScratchLength]));
    }

    [Fact]
    public void White_noise_is_unvoiced()
    {
        var random = new Random(7);
        var noise = Enumerable.Range(0, _yin.BlockLength).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.3f).ToArray();

        Assert.Equal(0, _yin.Estimate(noise, new double[_yin.ScratchLength]));
    }

    [Fact]
    public void Non_finite_input_is_unvoiced_rather_than_nan()
    {
        var block = Signals.Sine(200, SampleRate, _yin.BlockLength);
        block[10] = float.NaN;

        Assert.Equal(0, _yin.Estimate(block, new double[_yin.ScratchLength]));
    }

    [Fact]
    public void The_block_spans_forty_to_fifty_milliseconds_and_the_lags_cover_60_to_500_hz()
    {
        Assert.InRange(_yin.BlockLength / (double)SampleRate, 0.040, 0.050);
        Assert.Equal(32, _yin.MinLag);
        Assert.Equal(267, _yin.MaxLag);
    }

    internal static float[] Harmonic(double hz, int length, double[] amplitudes)
    {
        var x = new float[length];
        for (var n = 0; n < length; n++)
        {
            double v = 0;
            for (var k = 0; k < amplitudes.Length; k++)
            {
                v += amplitudes[k] * Math.Sin((2 * Math.PI * (k + 1) * hz * n / SampleRate) + k);
            }

            x[n] = (float)(v * 0.5);
        }

        return x;
    }
}
