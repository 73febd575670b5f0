namespace EmotionGrid.Audio.Augmentation;

/// <summary>
/// Plays a clip faster or slower, like a tape: duration divided by the factor, every frequency
/// (pitch and formants) multiplied by it.
/// </summary>
public static class SpeedChange
{
    public const double MinFactor = 0.25;

    public const double MaxFactor = 4;

    /// <summary>
    /// Band-limited resampling with <see cref="PolyphaseResampler"/> from rate 1000 to
    /// <c>round(1000 / factor)</c>, the result read back at the original rate. The factor is thus
    /// realised as <c>1000 / round(1000 / factor)</c>, within 0.05·factor % of the request (under a
    /// cent near 1; exact where 1000/factor is whole, e.g. 1.25, 0.8, 0.5, 2);
    /// <see cref="RealisedFactor"/> gives it. The output holds
    /// <c>ceil(length · round(1000/factor) / 1000)</c> samples. Speeding up removes content above
    /// the new Nyquist (alias-free); slowing down leaves the top of the band empty.
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> clip, double factor)
    {
        Validate(factor);
        return PolyphaseResampler.Resample(clip, ResamplingRatio.Denominator, ResamplingRatio.TargetRate(factor));
    }

    /// <summary>The speed factor <see cref="Apply"/> actually applies for <paramref name="factor"/>.</summary>
    public static double RealisedFactor(double factor)
    {
        Validate(factor);
        return ResamplingRatio.Realised(factor);
    }

    private static void Validate(double factor)
    {
        if (!(factor is >= MinFactor and <= MaxFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"the speed factor must lie between {MinFactor} and {MaxFactor}");
        }
    }
}
