namespace EmotionGrid.Audio.Tests;

/// <summary>Test signals and the measures the quality tests assert on.</summary>
internal static class Signals
{
    public static float[] Sine(double hz, int sampleRate, int length, double amplitude = 0.5, double phase = 0)
    {
        var x = new float[length];
        for (var n = 0; n < length; n++)
        {
            x[n] = (float)(amplitude * Math.Sin((2 * Math.PI * hz * n / sampleRate) + phase));
        }

        return x;
    }

    /// <summary>10 log10(sum reference^2 / sum (test - reference)^2).</summary>
    public static double SnrDb(ReadOnlySpan<float> reference, ReadOnlySpan<float> test)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += (double)reference[i] * reference[i];
            var d = (double)test[i] - reference[i];
            noise += d * d;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-300));
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum / x.Length);
    }

    /// <summary>An FFT brickwall low-pass (zeroes every bin above <paramref name="cutoffHz"/>), zero-padded to avoid wrap-around.</summary>
    public static float[] BrickwallLowPass(ReadOnlySpan<float> x, int sampleRate, double cutoffHz)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)x.Length) * 2;
        var fft = new Fft(size);
        var real = new float[size];
        var imag = new float[size];
        x.CopyTo(real);
        fft.Forward(real, imag);
        var lastKept = (int)Math.Floor(cutoffHz * size / sampleRate);
        for (var k = lastKept + 1; k <= size - lastKept - 1; k++)
        {
            real[k] = 0;
            imag[k] = 0;
        }

        fft.Inverse(real, imag);
        return real.AsSpan(0, x.Length).ToArray();
    }
}
