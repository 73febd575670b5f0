using EmotionGrid.Audio.Augmentation;

namespace EmotionGrid.Audio.Tests.Augmentation;

public sealed class PitchShiftTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2)]
    [InlineData(-3)]
    [InlineData(1)]
    [InlineData(-2)]
    [InlineData(0.5)]
    public void A_220_hz_sine_moves_by_the_semitones_and_keeps_its_length(double semitones)
    {
        var clip = Signals.Sine(220, Measure.Rate, Measure.Rate);

        var shifted = PitchShift.Apply(clip, semitones);

        var expected = 220 * Math.Pow(2, semitones / 12);
        var frequency = Measure.DominantFrequency(shifted);
        output.WriteLine($"{semitones:+0.0;-0.0} st: {frequency:0.000} Hz (ideal {expected:0.000}, {100 * ((frequency / expected) - 1):+0.000;-0.000}%), length {shifted.Length}, RMS {Signals.Rms(shifted):0.0000}");
        Assert.Equal(clip.Length, shifted.Length);
        Assert.InRange(frequency, expected * 0.985, expected * 1.015);
        Assert.True(Measure.AllFinite(shifted));
    }

    [Fact]
    public void The_realised_shift_is_within_a_cent_in_the_augmentation_range_and_two_an_octave_out()
    {
        for (var semitones = -12.0; semitones <= 12; semitones += 0.037)
        {
            var error = Math.Abs(PitchShift.RealisedSemitones(semitones) - semitones);
            Assert.True(error <= (Math.Abs(semitones) <= 2 ? 0.01 : 0.02), $"{semitones} st realised {error:0.0000} st off");
        }
    }

    [Fact]
    public void Odd_lengths_and_bad_shifts()
    {
        foreach (var length in new[] { 0, 1, 17, 1_001, 33_333 })
        {
            var clip = Signals.Sine(220, Measure.Rate, length);
            foreach (var semitones in new[] { -2.0, 1.3, 2.0 })
            {
                var shifted = PitchShift.Apply(clip, semitones);
                Assert.Equal(length, shifted.Length);
                Assert.True(Measure.AllFinite(shifted));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => PitchShift.Apply(new float[10], 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => PitchShift.Apply(new float[10], double.NaN));
    }
}
