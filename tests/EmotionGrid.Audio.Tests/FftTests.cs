namespace EmotionGrid.Audio.Tests;

public sealed class FftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(512)]
    public void Forward_matches_a_naive_dft(int size)
    {
        var random = new Random(size);
        var real = Enumerable.Range(0, size).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var imag = Enumerable.Range(0, size).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var (expectedRe, expectedIm) = NaiveDft(real, imag);

        new Fft(size).Forward(real, imag);

        var tolerance = 1e-5 * size;
        for (var k = 0; k < size; k++)
        {
            Assert.Equal(expectedRe[k], real[k], tolerance);
            Assert.Equal(expectedIm[k], imag[k], tolerance);
        }
    }

    [Fact]
    public void Inverse_undoes_forward()
    {
        var random = new Random(7);
        var original = Enumerable.Range(0, 1024).Select(_ => (float)random.NextDouble()).ToArray();
        var real = original.ToArray();
        var imag = new float[1024];
        var fft = new Fft(1024);

        fft.Forward(real, imag);
        fft.Inverse(real, imag);

        for (var n = 0; n < original.Length; n++)
        {
            Assert.Equal(original[n], real[n], 1e-5);
            Assert.Equal(0, imag[n], 1e-5);
        }
    }

    [Fact]
    public void Power_spectrum_of_a_bin_centred_cosine_is_one_spike()
    {
        const int size = 512;
        var frame = Enumerable.Range(0, size).Select(n => (float)Math.Cos(2 * Math.PI * 32 * n / size)).ToArray();
        var power = new float[(size / 2) + 1];

        new Fft(size).PowerSpectrum(frame, power, new float[size], new float[size]);

        Assert.Equal(256.0 * 256.0, power[32], 1.0);
        Assert.All(power.Where((_, k) => k != 32), p => Assert.True(p < 1e-4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public void Rejects_sizes_that_are_not_powers_of_two(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fft(size));

    private static (double[] Re, double[] Im) NaiveDft(float[] real, float[] imag)
    {
        var n = real.Length;
        var re = new double[n];
        var im = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var t = 0; t < n; t++)
            {
                var angle = -2 * Math.PI * k * t / n;
                re[k] += (real[t] * Math.Cos(angle)) - (imag[t] * Math.Sin(angle));
                im[k] += (real[t] * Math.Sin(angle)) + (imag[t] * Math.Cos(angle));
            }
        }

        return (re, im);
    }
}
