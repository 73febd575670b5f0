namespace EmotionGrid.Audio.Augmentation;

/// <summary>Additive white Gaussian noise at an exact signal-to-noise ratio.</summary>
public static class WhiteNoise
{
    /// <summary>Lowest SNR accepted: noise 10^5 times the signal's amplitude, still far from float overflow.</summary>
    public const double MinSnrDb = -100;

    /// <summary>Highest SNR accepted (the noise is then far below float resolution anyway).</summary>
    public const double MaxSnrDb = 300;

    /// <summary>
    /// Returns <paramref name="clip"/> plus Gaussian white noise scaled so that the SNR measured
    /// over the whole clip, <c>10 log10(sum clip^2 / sum noise^2)</c>, equals
    /// <paramref name="snrDb"/> (the noise drawn is rescaled by its own measured power, not its
    /// expected power, so the ratio holds to float rounding, not just on average). The same seed
    /// gives the same noise. A silent clip (all zeros) or an empty one has no signal power to
    /// measure against, so it comes back as an unchanged copy. Output is not clipped to [-1, 1].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snrDb"/> is outside [<see cref="MinSnrDb"/>, <see cref="MaxSnrDb"/>] (or NaN).</exception>
    /// <exception cref="ArgumentException"><paramref name="clip"/> holds NaN or infinity.</exception>
    public static float[] Add(ReadOnlySpan<float> clip, double snrDb, int seed)
    {
        if (!(snrDb is >= MinSnrDb and <= MaxSnrDb))
        {
            throw new ArgumentOutOfRangeException(nameof(snrDb), snrDb, $"the SNR must lie between {MinSnrDb} and {MaxSnrDb} dB");
        }

        var output = clip.ToArray();
        var signalEnergy = Energy(clip);
        if (!double.IsFinite(signalEnergy))
        {
            throw new ArgumentException("the clip holds NaN or infinite samples", nameof(clip));
        }

        if (signalEnergy == 0)
        {
            return output;
        }

        var random = new SeededRandom(seed);
        var noise = new double[clip.Length];
        double noiseEnergy = 0;
        for (var i = 0; i < noise.Length; i++)
        {
            var g = random.NextGaussian();
            noise[i] = g;
            noiseEnergy += g * g;
        }

        // A run of exact zeros from the generator is impossible in practice; guard regardless.
        if (noiseEnergy == 0)
        {
            return output;
        }

        var scale = Math.Sqrt(signalEnergy / (noiseEnergy * Math.Pow(10, snrDb / 10)));
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)(clip[i] + (scale * noise[i]));
        }

        return output;
    }

    private static double Energy(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x)
        {
            sum += (double)v * v;
        }

        return sum;
    }
}
