namespace EmotionGrid.Audio.Augmentation;

/// <summary>
/// Shifts a clip's pitch by a number of (equal-tempered) semitones at unchanged duration:
/// librosa's <c>pitch_shift</c> recipe of a time stretch followed by a resampling that undoes it.
/// </summary>
public static class PitchShift
{
    public const double MaxSemitones = 24;

    /// <summary>
    /// Time-stretches by <c>r = 2^(-semitones/12)</c> (<see cref="TimeStretch"/>, so the clip
    /// becomes <c>1/r</c> times longer at the same pitch), then plays that <c>1/r</c> times faster by
    /// band-limited resampling (<see cref="PolyphaseResampler"/>, rate 1000 → <c>round(1000 r)</c>),
    /// which restores the duration and multiplies every frequency by <c>2^(semitones/12)</c>.
    /// The resampling ratio is rounded to that 1/1000 grid first and the stretch uses the rounded
    /// r, so the length is unaffected and the realised shift (<see cref="RealisedSemitones"/>) is
    /// within <c>0.5 / round(1000 r)</c> (relative frequency) of the request: under a cent within
    /// ±2 semitones, under two cents up to an octave up. The output is trimmed or zero-padded
    /// (by at most a couple of samples) to exactly the input length. Formants move with the pitch, as in librosa.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="semitones"/> outside ±<see cref="MaxSemitones"/>.</exception>
    public static float[] Apply(ReadOnlySpan<float> clip, double semitones, int sampleRate = 16_000)
    {
        Validate(semitones);
        var target = TargetRate(semitones);
        var rate = (double)target / ResamplingRatio.Denominator;
        var stretched = TimeStretch.Apply(clip, rate, sampleRate);
        var shifted = PolyphaseResampler.Resample(stretched, ResamplingRatio.Denominator, target);
        if (shifted.Length == clip.Length)
        {
            return shifted;
        }

        var result = new float[clip.Length];
        shifted.AsSpan(0, Math.Min(shifted.Length, result.Length)).CopyTo(result);
        return result;
    }

    /// <summary>The shift <see cref="Apply"/> actually realises for <paramref name="semitones"/>.</summary>
    public static double RealisedSemitones(double semitones)
    {
        Validate(semitones);
        return 12 * Math.Log2((double)ResamplingRatio.Denominator / TargetRate(semitones));
    }

    private static int TargetRate(double semitones) => ResamplingRatio.TargetRate(Math.Pow(2, semitones / 12));

    private static void Validate(double semitones)
    {
        if (!(semitones is >= -MaxSemitones and <= MaxSemitones))
        {
            throw new ArgumentOutOfRangeException(nameof(semitones), semitones, $"the shift must lie within ±{MaxSemitones} semitones");
        }
    }
}
