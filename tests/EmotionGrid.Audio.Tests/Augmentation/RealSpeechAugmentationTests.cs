using EmotionGrid.Audio.Augmentation;

namespace EmotionGrid.Audio.Tests.Augmentation;

/// <summary>Real RAVDESS speech through every transform at the ends of the training ranges.</summary>
public sealed class RealSpeechAugmentationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Transforms() =>
        ["noise 15 dB", "noise 30 dB", "stretch 0.8", "stretch 1.25", "pitch +2", "pitch -2", "speed 0.9", "speed 1.1"];

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Speech_survives_with_finite_output_and_similar_rms(string transform)
    {
        foreach (var (name, clip) in Measure.SpeechClips())
        {
            var result = Apply(transform, clip);

            var ratio = Signals.Rms(result) / Signals.Rms(clip);
            output.WriteLine($"{transform} on {name}: {clip.Length} -> {result.Length} samples, RMS ratio {ratio:0.000}");
            Assert.True(Measure.AllFinite(result), $"{transform} on {name}: non-finite output");
            Assert.InRange(ratio, 0.5, 2.0);
            Assert.InRange(result.Length, clip.Length * 0.75, clip.Length * 1.3);
        }
    }

    [Fact]
    public void The_default_policy_augments_speech_into_finite_variants()
    {
        var clip = Measure.Speech();

        var variants = AugmentationPolicy.Default.Augment(clip, 8, seed: 2024);

        Assert.Equal(8, variants.Count);
        foreach (var variant in variants)
        {
            var ratio = Signals.Rms(variant.Samples) / Signals.Rms(clip);
            output.WriteLine($"{variant.Augmentation.Name}: {variant.Samples.Length} samples, RMS ratio {ratio:0.000}");
            Assert.True(Measure.AllFinite(variant.Samples));
            Assert.InRange(ratio, 0.5, 2.0);
        }
    }

    private static float[] Apply(string transform, float[] clip)
    {
        var parts = transform.Split(' ');
        var value = double.Parse(parts[1].Replace(" dB", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        return parts[0] switch
        {
            "noise" => WhiteNoise.Add(clip, value, seed: 5),
            "stretch" => TimeStretch.Apply(clip, value),
            "pitch" => PitchShift.Apply(clip, value),
            "speed" => SpeedChange.Apply(clip, value),
            _ => throw new ArgumentException(transform),
        };
    }
}
