namespace EmotionGrid.Audio.Tests;

public sealed class MelFilterbankTests
{
    private readonly MelFilterbank _bank = new(64, 512, 16_000, 0, 8_000);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(700, 781.17)]
    [InlineData(1_000, 999.99)]
    [InlineData(8_000, 2840.02)]
    public void Mel_scale_is_the_htk_formula(double hz, double mel)
    {
        Assert.Equal(mel, MelFilterbank.HzToMel(hz), 0.01);
        Assert.Equal(2595 * Math.Log10(1 + (hz / 700)), MelFilterbank.HzToMel(hz), 1e-9);
        Assert.Equal(hz, MelFilterbank.MelToHz(MelFilterbank.HzToMel(hz)), 1e-6);
    }

    [Fact]
    public void Centres_are_equally_spaced_in_mel_between_the_edges()
    {
        var step = MelFilterbank.HzToMel(8_000) / 65;
        for (var b = 0; b < 64; b++)
        {
            Assert.Equal(step * (b + 1), MelFilterbank.HzToMel(_bank.CentreFrequencies[b]), 1e-6);
        }
    }

    [Fact]
    public void Filters_are_triangles_between_neighbouring_centres_peaking_at_their_own()
    {
        const double binHz = 16_000.0 / 512;
        var edges = new[] { 0.0 }.Concat(_bank.CentreFrequencies).Append(8_000).ToArray();
        for (var b = 0; b < 64; b++)
        {
            double lower = edges[b], centre = edges[b + 1], upper = edges[b + 2];
            var bestBin = -1;
            var bestWeight = 0f;
            for (var k = 0; k < _bank.BinCount; k++)
            {
                var hz = k * binHz;
                var expected = hz <= lower || hz >= upper ? 0
                    : hz <= centre ? (hz - lower) / (centre - lower)
                    : (upper - hz) / (upper - centre);
                var weight = _bank.Weight(b, k);
                Assert.Equal(expected, weight, 1e-6);
                if (weight > bestWeight)
                {
                    (bestBin, bestWeight) = (k, weight);
                }
            }

            // The heaviest bin is one of the two bins around the centre frequency.
            Assert.InRange(bestBin, (int)Math.Floor(centre / binHz), (int)Math.Ceiling(centre / binHz));
            Assert.InRange(bestWeight, 0.5f, 1f);
        }
    }

    [Fact]
    public void Apply_weights_the_power_spectrum()
    {
        var power = Enumerable.Range(0, 257).Select(k => (float)k).ToArray();
        var bands = new float[64];

        _bank.Apply(power, bands);

        for (var b = 0; b < 64; b++)
        {
            var expected = 0.0;
            for (var k = 0; k < 257; k++)
            {
                expected += _bank.Weight(b, k) * power[k];
            }

            Assert.Equal(expected, bands[b], expected * 1e-5);
        }
    }
}
