namespace EmotionGrid.Audio.Augmentation;

/// <summary>
/// The rational approximation used wherever an augmentation resamples by an arbitrary factor:
/// the factor f becomes the rate pair <c>Denominator → round(Denominator / f)</c> for
/// <see cref="PolyphaseResampler"/>. The realised factor <c>Denominator / round(Denominator / f)</c>
/// is within <c>0.5 f / Denominator</c> (relative) of f: 0.05% near 1, under one cent of pitch.
/// A coarse grid on purpose: <see cref="PolyphaseResampler"/> designs and caches one filter bank
/// (about half a megabyte) per distinct ratio, so the grid bounds that cache to a few hundred banks
/// across any realistic augmentation range instead of one per random draw.
/// </summary>
internal static class ResamplingRatio
{
    public const int Denominator = 1000;

    /// <summary>The resampler's output rate (input rate <see cref="Denominator"/>) that plays a clip <paramref name="factor"/> times faster.</summary>
    public static int TargetRate(double factor) => (int)Math.Round(Denominator / factor, MidpointRounding.AwayFromZero);

    /// <summary>The factor actually realised for <paramref name="factor"/>.</summary>
    public static double Realised(double factor) => (double)Denominator / TargetRate(factor);
}
