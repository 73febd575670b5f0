namespace EmotionGrid.Audio.Tests;

public sealed class PolyphaseResamplerTests
{
    /// <summary>Output samples this far from either end are free of the zero-padding transient.</summary>
    private const int Edge = 400;

    [Theory]
    [InlineData(48_000, 16_000, 1_000)]
    [InlineData(44_100, 16_000, 1_000)]
    [InlineData(44_100, 16_000, 6_500)]
    [InlineData(8_000, 16_000, 1_000)]
    [InlineData(8_000, 16_000, 3_000)]
    [InlineData(22_050, 16_000, 2_000)]
    [InlineData(16_000, 48_000, 5_000)]
    [InlineData(44_100, 16_001, 1_000)] // L = 16001: the interpolated-phase path
    [InlineData(192_000, 16_000, 7_000)]
    public void A_passband_sine_comes_out_as_the_ideal_sine_at_the_new_rate(int from, int to, double hz)
    {
        var input = Signals.Sine(hz, from, from, amplitude: 0.7, phase: 0.3);

        var output = PolyphaseResampler.Resample(input, from, to);

        // Output n must be the input at time n / to exactly: any delay would wreck the SNR.
        var ideal = Signals.Sine(hz, to, output.Length, amplitude: 0.7, phase: 0.3);
        var snr = Signals.SnrDb(ideal.AsSpan(Edge, output.Length - (2 * Edge)), output.AsSpan(Edge, output.Length - (2 * Edge)));
        Assert.True(snr >= 80, $"{from}->{to} Hz, {hz} Hz tone: SNR {snr:0.0} dB");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(8_500)]
    [InlineData(20_000)]
    public void Tones_above_the_new_nyquist_are_removed_not_aliased(double hz)
    {
        var input = Signals.Sine(hz, 48_000, 48_000, amplitude: 0.9);

        var output = PolyphaseResampler.Resample(input, 48_000, 16_000);

        var attenuationDb = 20 * Math.Log10(Signals.Rms(output.AsSpan(Edge, output.Length - (2 * Edge))) / Signals.Rms(input));
        Assert.True(attenuationDb <= -60, $"{hz} Hz tone attenuated only {-attenuationDb:0.0} dB");
    }

    [Theory]
    [InlineData(48_000, 16_000, 48_000, 16_000)]
    [InlineData(48_000, 16_000, 48_001, 16_001)]
    [InlineData(44_100, 16_000, 44_100, 16_000)]
    [InlineData(44_100, 16_000, 100, 37)]
    [InlineData(8_000, 16_000, 101, 202)]
    [InlineData(16_000, 16_000, 12_345, 12_345)]
    [InlineData(48_000, 16_000, 0, 0)]
    public void Output_length_is_the_ceiling_of_length_times_ratio(int from, int to, int inputLength, int expected)
    {
        Assert.Equal(expected, PolyphaseResampler.OutputLength(inputLength, from, to));
        Assert.Equal(expected, PolyphaseResampler.Resample(new float[inputLength], from, to).Length);
    }

    [Fact]
    public void Equal_rates_return_a_copy_of_the_input()
    {
        var input = Signals.Sine(123, 16_000, 1000);

        var output = PolyphaseResampler.Resample(input, 16_000, 16_000);

        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }

    [Fact]
    public void Dc_passes_with_unit_gain()
    {
        var output = PolyphaseResampler.Resample(Enumerable.Repeat(0.5f, 48_000).ToArray(), 48_000, 16_000);

        Assert.All(output.AsSpan(Edge, output.Length - (2 * Edge)).ToArray(), s => Assert.Equal(0.5, s, 1e-5));
    }

    [Fact]
    public void An_impulse_stays_where_it_was()
    {
        var input = new float[4800];
        input[2400] = 1;

        var output = PolyphaseResampler.Resample(input, 48_000, 16_000);

        // Input sample 2400 is at output time 800: the linear-phase peak must be there.
        var peak = Array.IndexOf(output, output.Max());
        Assert.Equal(800, peak);
        Assert.Equal(output[799], output[801], 1e-6);
    }

    [Fact]
    public void Concurrent_calls_agree_with_a_sequential_one()
    {
        var input = Signals.Sine(700, 44_100, 44_100);
        var expected = PolyphaseResampler.Resample(input, 44_100, 16_000);

        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = PolyphaseResampler.Resample(input, 44_100, 16_000));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Filter_banks_have_unit_dc_gain_in_every_phase()
    {
        var bank = PolyphaseFilterBank.Design(160, 441);

        for (var p = 0; p < bank.PhaseCount; p++)
        {
            var sum = 0.0;
            foreach (var c in bank.Phase(p))
            {
                sum += c;
            }

            Assert.Equal(1.0, sum, 1e-5);
        }
    }

    [Fact]
    public void Rejects_non_positive_rates()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PolyphaseResampler.Resample(new float[10], 0, 16_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolyphaseResampler.Resample(new float[10], 16_000, -1));
    }
}
