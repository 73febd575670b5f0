using EmotionGrid.Audio.Features;

namespace EmotionGrid.Audio.Tests.Features;

public sealed class RealFftPowerTests
{
    [Theory]
    [InlineData(512, 400)]
    [InlineData(512, 512)]
    [InlineData(512, 1)]
    [InlineData(64, 50)]
    public void Matches_the_full_complex_fft(int size, int frameLength)
    {
        var random = new Random(size + frameLength);
        var frame = Enumerable.Range(0, frameLength).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var expected = new float[(size / 2) + 1];
        new Fft(size).PowerSpectrum(frame, expected, new float[size], new float[size]);

        var actual = new float[(size / 2) + 1];
        new RealFftPower(size).PowerSpectrum(frame, actual, new float[size / 2], new float[size / 2]);

        var peak = expected.Max();
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-5 * peak, $"bin {k}: {actual[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void A_bin_centred_sine_lands_in_its_bin()
    {
        var frame = Signals.Sine(16_000.0 * 37 / 512, 16_000, 512);
        var power = new float[257];

        new RealFftPower(512).PowerSpectrum(frame, power, new float[256], new float[256]);

        Assert.Equal(37, Array.IndexOf(power, power.Max()));
        Assert.Equal(Math.Pow(0.5 * 512 / 2, 2), power[37], 0.5); // (A N / 2)^2
    }
}
