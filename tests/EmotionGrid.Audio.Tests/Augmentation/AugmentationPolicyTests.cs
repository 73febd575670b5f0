using EmotionGrid.Audio.Augmentation;

namespace EmotionGrid.Audio.Tests.Augmentation;

public sealed class AugmentationPolicyTests(ITestOutputHelper output)
{
    private static readonly float[] Clip = Signals.Sine(220, Measure.Rate, 12_000);

    [Fact]
    public void The_same_seed_gives_the_same_variants_and_another_seed_others()
    {
        var policy = AugmentationPolicy.Default;

        var a = policy.Augment(Clip, 6, seed: 99);
        var b = policy.Augment(Clip, 6, seed: 99);
        var c = policy.Augment(Clip, 6, seed: 100);

        Assert.Equal(a.Select(v => v.Augmentation), b.Select(v => v.Augmentation));
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Samples, b[i].Samples);
        }

        Assert.NotEqual(a.Select(v => v.Augmentation.Name), c.Select(v => v.Augmentation.Name));
    }

    [Fact]
    public void Four_variants_are_one_of_each_kind_and_parameters_stay_in_range()
    {
        var policy = AugmentationPolicy.Default;
        for (var seed = 0; seed < 500; seed++)
        {
            var drawn = policy.Draw(4, seed);
            Assert.Equal(4, drawn.Select(d => d.Kind).Distinct().Count());
            foreach (var d in drawn)
            {
                switch (d.Kind)
                {
                    case AugmentationKind.WhiteNoise:
                        Assert.InRange(d.Value, 15, 30);
                        AssertOnGrid(d.Value, 0.1);
                        break;
                    case AugmentationKind.TimeStretch:
                        Assert.InRange(d.Value, 0.8, 1.25);
                        AssertOnGrid(d.Value, 0.01);
                        break;
                    case AugmentationKind.PitchShift:
                        Assert.InRange(d.Value, -2, 2);
                        AssertOnGrid(d.Value, 0.1);
                        break;
                    case AugmentationKind.SpeedChange:
                        Assert.InRange(d.Value, 0.9, 1.1);
                        AssertOnGrid(d.Value, 0.01);
                        break;
                    default:
                        Assert.Fail($"unexpected kind {d.Kind}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void Draws_cover_the_ranges()
    {
        var drawn = Enumerable.Range(0, 400).SelectMany(seed => AugmentationPolicy.Default.Draw(4, seed)).ToList();
        var pitch = drawn.Where(d => d.Kind == AugmentationKind.PitchShift).Select(d => d.Value).ToList();
        var snr = drawn.Where(d => d.Kind == AugmentationKind.WhiteNoise).Select(d => d.Value).ToList();
        Assert.True(pitch.Min() < -1.8 && pitch.Max() > 1.8, $"pitch {pitch.Min()}..{pitch.Max()}");
        Assert.True(snr.Min() < 16 && snr.Max() > 29, $"snr {snr.Min()}..{snr.Max()}");
        Assert.True(snr.Distinct().Count() > 50);
        Assert.True(drawn.Where(d => d.Kind == AugmentationKind.WhiteNoise).Select(d => d.Seed).Distinct().Count() > 390);
    }

    [Fact]
    public void Variants_are_named_by_their_parameters_and_reproducible_from_them()
    {
        var variants = AugmentationPolicy.Default.Augment(Clip, 4, seed: 7);

        foreach (var variant in variants)
        {
            output.WriteLine($"{variant.Augmentation.Name}: {variant.Samples.Length} samples");
            Assert.Matches(@"^(noise\(snr_db=[0-9.]+,seed=-?[0-9]+\)|stretch\(rate=[0-9.]+\)|pitch\(semitones=-?[0-9.]+\)|speed\(factor=[0-9.]+\))$", variant.Augmentation.Name);
            Assert.Equal(variant.Augmentation.Name, variant.Augmentation.ToString());
            Assert.Equal(variant.Samples, variant.Augmentation.Apply(Clip));
            Assert.True(Measure.AllFinite(variant.Samples));
        }

        Assert.Equal("noise(snr_db=21.4,seed=-5)", ClipAugmentation.Noise(21.4, -5).Name);
        Assert.Equal("stretch(rate=0.93)", ClipAugmentation.Stretch(0.93).Name);
        Assert.Equal("pitch(semitones=-1.3)", ClipAugmentation.Pitch(-1.3).Name);
        Assert.Equal("speed(factor=1.07)", ClipAugmentation.Speed(1.07).Name);
    }

    [Fact]
    public void Configured_ranges_and_kinds_are_honoured()
    {
        var policy = AugmentationPolicy.Default with
        {
            Kinds = [AugmentationKind.WhiteNoise],
            MinSnrDb = 5,
            MaxSnrDb = 5,
        };

        var drawn = policy.Draw(5, seed: 1);

        Assert.All(drawn, d => Assert.Equal(ClipAugmentation.Noise(5, d.Seed), d));
        Assert.Empty(policy.Draw(0, seed: 1));
    }

    [Fact]
    public void Invalid_policies_are_rejected_with_the_setting_named()
    {
        var bad = new[]
        {
            AugmentationPolicy.Default with { MinSnrDb = 30, MaxSnrDb = 15 },
            AugmentationPolicy.Default with { MinStretchRate = 0 },
            AugmentationPolicy.Default with { MaxPitchSemitones = double.NaN },
            AugmentationPolicy.Default with { MaxSpeedFactor = 50 },
            AugmentationPolicy.Default with { Kinds = [] },
            AugmentationPolicy.Default with { Kinds = [(AugmentationKind)42] },
            AugmentationPolicy.Default with { SampleRate = 0 },
        };

        foreach (var policy in bad)
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => policy.Draw(1, 0));
            output.WriteLine(error.Message);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationPolicy.Default.Draw(-1, 0));
    }

    private static void AssertOnGrid(double value, double step) =>
        Assert.True(Math.Abs((value / step) - Math.Round(value / step)) < 1e-6, $"{value} is not on the {step} grid");
}
