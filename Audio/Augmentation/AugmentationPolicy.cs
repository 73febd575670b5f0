namespace EmotionGrid.Audio.Augmentation;

/// <summary>
/// Draws augmentations for training, in the spirit of the earlier RAVDESS model that was made
/// invariant to white noise, stretching, speed and pitch changes. Pure and deterministic: the
/// same policy, clip, count and seed give the same variants, bit for bit, on any machine (the
/// draws use a fixed xoshiro256** generator, not <see cref="Random"/>).
/// </summary>
/// <remarks>
/// <para>Variant i uses <c>Kinds[(s + i) mod Kinds.Count]</c> for a start s drawn from the seed, so
/// four variants with the default kinds are one of each, and fewer than four rotate fairly
/// across clips given different seeds. Each variant applies one transform (no chains).</para>
/// <para>Parameters are drawn uniformly from the ranges and rounded to a grid (SNR 0.1 dB, stretch
/// rate 0.01, pitch 0.1 semitone, speed 0.01): clean values in logs, and a bounded set of
/// resampling ratios, each of which <see cref="PolyphaseResampler"/> designs once and caches
/// (about half a megabyte each; the default ranges need at most 62).</para>
/// <para>Defaults: SNR 15–30 dB, stretch rate 0.8–1.25, pitch ±2 semitones, speed 0.9–1.1, 16 kHz.
/// Pick a per-clip seed that differs by clip and epoch, e.g. a hash of the file id and the epoch.</para>
/// </remarks>
public sealed record AugmentationPolicy
{
    public const double SnrStepDb = 0.1;

    public const double StretchStep = 0.01;

    public const double PitchStepSemitones = 0.1;

    public const double SpeedStep = 0.01;

    private static readonly AugmentationKind[] AllKinds =
        [AugmentationKind.WhiteNoise, AugmentationKind.TimeStretch, AugmentationKind.PitchShift, AugmentationKind.SpeedChange];

    public static AugmentationPolicy Default { get; } = new();

    public double MinSnrDb { get; init; } = 15;

    public double MaxSnrDb { get; init; } = 30;

    public double MinStretchRate { get; init; } = 0.8;

    public double MaxStretchRate { get; init; } = 1.25;

    public double MinPitchSemitones { get; init; } = -2;

    public double MaxPitchSemitones { get; init; } = 2;

    public double MinSpeedFactor { get; init; } = 0.9;

    public double MaxSpeedFactor { get; init; } = 1.1;

    /// <summary>The transforms to rotate through, in order; repeats weight a kind more.</summary>
    public IReadOnlyList<AugmentationKind> Kinds { get; init; } = AllKinds;

    public int SampleRate { get; init; } = 16_000;

    /// <summary>The <paramref name="count"/> augmentations for <paramref name="seed"/>, without applying them.</summary>
    /// <exception cref="ArgumentException">The policy is invalid (the message names the setting).</exception>
    public IReadOnlyList<ClipAugmentation> Draw(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Validate();
        var random = new SeededRandom(seed);
        var start = (int)(random.NextUInt64() % (ulong)Kinds.Count);
        var drawn = new ClipAugmentation[count];
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[(start + i) % Kinds.Count];
            var u = random.NextDouble();
            var noiseSeed = random.NextInt32();
            drawn[i] = kind switch
            {
                AugmentationKind.WhiteNoise => ClipAugmentation.Noise(Draw(u, MinSnrDb, MaxSnrDb, SnrStepDb), noiseSeed),
                AugmentationKind.TimeStretch => ClipAugmentation.Stretch(Draw(u, MinStretchRate, MaxStretchRate, StretchStep)),
                AugmentationKind.PitchShift => ClipAugmentation.Pitch(Draw(u, MinPitchSemitones, MaxPitchSemitones, PitchStepSemitones)),
                AugmentationKind.SpeedChange => ClipAugmentation.Speed(Draw(u, MinSpeedFactor, MaxSpeedFactor, SpeedStep)),
                _ => throw new ArgumentException($"unknown augmentation kind {kind}", nameof(Kinds)),
            };
        }

        return drawn;
    }

    /// <summary>
    /// <paramref name="count"/> augmented variants of <paramref name="clip"/> (sampled at
    /// <see cref="SampleRate"/>), each with the augmentation that produced it. Stretch and speed
    /// variants change the length; noise and pitch variants keep it.
    /// </summary>
    public IReadOnlyList<AugmentedClip> Augment(ReadOnlySpan<float> clip, int count, int seed)
    {
        var augmentations = Draw(count, seed);
        var variants = new AugmentedClip[augmentations.Count];
        for (var i = 0; i < variants.Length; i++)
        {
            variants[i] = new AugmentedClip(augmentations[i], augmentations[i].Apply(clip, SampleRate));
        }

        return variants;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        CheckRange(nameof(MinSnrDb), MinSnrDb, nameof(MaxSnrDb), MaxSnrDb, WhiteNoise.MinSnrDb, WhiteNoise.MaxSnrDb);
        CheckRange(nameof(MinStretchRate), MinStretchRate, nameof(MaxStretchRate), MaxStretchRate, TimeStretch.MinRate, TimeStretch.MaxRate);
        CheckRange(nameof(MinPitchSemitones), MinPitchSemitones, nameof(MaxPitchSemitones), MaxPitchSemitones, -PitchShift.MaxSemitones, PitchShift.MaxSemitones);
        CheckRange(nameof(MinSpeedFactor), MinSpeedFactor, nameof(MaxSpeedFactor), MaxSpeedFactor, SpeedChange.MinFactor, SpeedChange.MaxFactor);
        if (Kinds is null || Kinds.Count == 0)
        {
            throw new ArgumentException("the policy needs at least one augmentation kind", nameof(Kinds));
        }

        foreach (var kind in Kinds)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException($"unknown augmentation kind {kind}", nameof(Kinds));
            }
        }

        if (SampleRate <= 0)
        {
            throw new ArgumentException($"{nameof(SampleRate)} must be positive, not {SampleRate}", nameof(SampleRate));
        }
    }

    /// <summary>Uniform in [min, max] from <paramref name="u"/> in [0, 1), rounded to the step grid and kept in range.</summary>
    private static double Draw(double u, double min, double max, double step)
    {
        var value = min + ((max - min) * u);
        var rounded = Math.Round(Math.Round(value / step) * step, 10);
        return Math.Clamp(rounded, min, max);
    }

    private static void CheckRange(string minName, double min, string maxName, double max, double lowest, double highest)
    {
        if (!(min >= lowest && max <= highest && min <= max))
        {
            throw new ArgumentException(
                $"{minName}..{maxName} = {min}..{max} must be an ordered range within {lowest}..{highest}", minName);
        }
    }
}
