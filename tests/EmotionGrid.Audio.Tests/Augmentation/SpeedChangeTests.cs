using EmotionGrid.Audio.Augmentation;

namespace EmotionGrid.Audio.Tests.Augmentation;

public sealed class SpeedChangeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1.25)]
    [InlineData(0.9)]
    [InlineData(1.1)]
    [InlineData(0.8)]
    [InlineData(1.037)]
    public void A_sine_gets_shorter_and_higher_by_the_factor(double factor)
    {
        var clip = Signals.Sine(440, Measure.Rate, Measure.Rate);

        var faster = SpeedChange.Apply(clip, factor);

        var frequency = Measure.DominantFrequency(faster);
        var realised = SpeedChange.RealisedFactor(factor);
        output.WriteLine($"factor {factor} (realised {realised:0.000000}): {faster.Length} samples (ideal {Measure.Rate / factor:0.0}), {frequency:0.000} Hz (ideal {440 * factor:0.000})");
        Assert.InRange(faster.Length, (Measure.Rate / realised) - 1, (Measure.Rate / realised) + 1);
        Assert.InRange(faster.Length, Measure.Rate / factor * 0.999, Measure.Rate / factor * 1.001);
        Assert.InRange(frequency, 440 * factor * 0.99, 440 * factor * 1.01);
        Assert.True(Measure.AllFinite(faster));
    }

    [Fact]
    public void Factor_1_25_turns_a_second_of_440_hz_into_0_8_s_of_550_hz()
    {
        var clip = Signals.Sine(440, Measure.Rate, Measure.Rate);

        var faster = SpeedChange.Apply(clip, 1.25);

        Assert.Equal(12_800, faster.Length);
        Assert.InRange(Measure.DominantFrequency(faster), 550 * 0.99, 550 * 1.01);
        Assert.Equal(1.25, SpeedChange.RealisedFactor(1.25));
    }

    [Fact]
    public void The_realised_factor_is_within_the_documented_precision()
    {
        for (var factor = 0.5; factor <= 2.0; factor += 0.0123)
        {
            var relative = Math.Abs((SpeedChange.RealisedFactor(factor) / factor) - 1);
            Assert.True(relative <= (0.5 * factor / 1000) + 1e-12, $"factor {factor}: off by {relative:P4}");

            // Within a cent across the augmentation range.
            if (factor is >= 0.8 and <= 1.25)
            {
                Assert.InRange(1200 * Math.Log2(1 + relative), 0, 1);
            }
        }
    }

    [Fact]
    public void Factor_1_is_an_exact_copy_and_bad_factors_are_rejected()
    {
        var clip = Signals.Sine(440, Measure.Rate, 1_000);
        Assert.Equal(clip, SpeedChange.Apply(clip, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedChange.Apply(clip, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedChange.Apply(clip, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedChange.Apply(clip, 100));
    }
}
