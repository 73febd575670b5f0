using System.Globalization;

namespace EmotionGrid.Audio.Augmentation;

/// <summary>
/// One fully specified augmentation: which transform, its parameter and (for noise) its seed, so
/// that applying it again reproduces the variant exactly. <see cref="Name"/> is a compact,
/// culture-invariant description for training logs, e.g. <c>noise(snr_db=21.4,seed=-1288490189)</c>,
/// <c>stretch(rate=0.93)</c>, <c>pitch(semitones=-1.3)</c>, <c>speed(factor=1.07)</c>.
/// </summary>
/// <param name="Kind">The transform.</param>
/// <param name="Value">SNR in dB, stretch rate, semitones or speed factor, per <paramref name="Kind"/>.</param>
/// <param name="Seed">The noise seed for <see cref="AugmentationKind.WhiteNoise"/>; 0 (unused) otherwise.</param>
public sealed record ClipAugmentation(AugmentationKind Kind, double Value, int Seed = 0)
{
    public static ClipAugmentation Noise(double snrDb, int seed) => new(AugmentationKind.WhiteNoise, snrDb, seed);

    public static ClipAugmentation Stretch(double rate) => new(AugmentationKind.TimeStretch, rate);

    public static ClipAugmentation Pitch(double semitones) => new(AugmentationKind.PitchShift, semitones);

    public static ClipAugmentation Speed(double factor) => new(AugmentationKind.SpeedChange, factor);

    public string Name => Kind switch
    {
        AugmentationKind.WhiteNoise => Format($"noise(snr_db={Value},seed={Seed})"),
        AugmentationKind.TimeStretch => Format($"stretch(rate={Value})"),
        AugmentationKind.PitchShift => Format($"pitch(semitones={Value})"),
        AugmentationKind.SpeedChange => Format($"speed(factor={Value})"),
        _ => Format($"{Kind}({Value})"),
    };

    /// <summary>Applies the transform to a clip at <paramref name="sampleRate"/> (used by the STFT size of stretch and pitch).</summary>
    public float[] Apply(ReadOnlySpan<float> clip, int sampleRate = 16_000) => Kind switch
    {
        AugmentationKind.WhiteNoise => WhiteNoise.Add(clip, Value, Seed),
        AugmentationKind.TimeStretch => TimeStretch.Apply(clip, Value, sampleRate),
        AugmentationKind.PitchShift => PitchShift.Apply(clip, Value, sampleRate),
        AugmentationKind.SpeedChange => SpeedChange.Apply(clip, Value),
        _ => throw new InvalidOperationException($"unknown augmentation kind {Kind}"),
    };

    public override string ToString() => Name;

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
