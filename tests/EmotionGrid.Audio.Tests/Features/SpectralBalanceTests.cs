using EmotionGrid.Audio.Features;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>Alpha ratio, Hammarberg index and spectral slopes against a direct DFT and the definitions, in double.</summary>
public sealed class SpectralBalanceTests
{
    private const double BinHz = 16_000.0 / 512;

    [Fact]
    public void One_frame_matches_the_definitions()
    {
        var noise = Gaussian(400, seed: 8);
        var x = Enumerable.Range(0, 400).Select(n => (float)((0.05 * noise[n]) + (0.3 * Math.Sin(2 * Math.PI * 300 * n / 16000)) + (0.1 * Math.Sin(2 * Math.PI * 2500 * n / 16000)))).ToArray();
        var power = HannPowerByDft(x, 0);
        var values = new float[SpectralBalance.ValueCount];

        new SpectralBalance(512, 16_000).Compute(power.Select(p => (float)p).ToArray(), values);

        var expected = Reference(power);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 1e-3 * Math.Max(1, Math.Abs(expected[i])));
        }
    }

    [Fact]
    public void White_noise_gives_the_unvoiced_means_of_a_direct_dft()
    {
        // Coloured noise (a one-pole low-pass) so every measure is far from 0; YIN finds no period in it.
        var noise = Gaussian(16_000, seed: 2);
        var x = new float[noise.Length];
        double y = 0;
        for (var n = 0; n < x.Length; n++)
        {
            y = (0.8 * y) + (0.05 * noise[n]);
            x[n] = (float)y;
        }

        var vector = new VoiceFeatureEmbedder().Embed(x);

        var frames = Enumerable.Range(0, FrameCount(x.Length)).Select(t => Reference(HannPowerByDft(x, t))).ToArray();
        Assert.Equal(0, vector[Index("voiced_fraction")]);
        string[] names = ["alpha_ratio_db", "hammarberg_db", "slope_0_500_db_per_khz", "slope_500_1500_db_per_khz"];
        for (var i = 0; i < names.Length; i++)
        {
            var mean = frames.Average(f => f[i]);
            Assert.Equal(mean, vector[Index(names[i] + "_unvoiced_mean")], 0.01 * Math.Max(1, Math.Abs(mean)));
            Assert.Equal(0, vector[Index(names[i] + "_voiced_mean")]);
        }

        Assert.InRange(vector[Index("alpha_ratio_db_unvoiced_mean")], 1, 30); // low-passed: more energy per Hz below 1 kHz
    }

    [Fact]
    public void A_steady_voice_gives_the_voiced_means_of_a_direct_dft()
    {
        var x = Glide(200, 1, 0);
        var vector = new VoiceFeatureEmbedder().Embed(x);

        // Every frame but the zero-padded edges is voiced; compare over the interior, where the tone is steady.
        Assert.InRange(vector[Index("voiced_fraction")], 0.95, 1);
        var frames = Enumerable.Range(5, FrameCount(x.Length) - 10).Select(t => Reference(HannPowerByDft(x, t))).ToArray();
        string[] names = ["alpha_ratio_db", "hammarberg_db", "slope_0_500_db_per_khz", "slope_500_1500_db_per_khz"];
        for (var i = 0; i < names.Length; i++)
        {
            var mean = frames.Average(f => f[i]);
            Assert.Equal(mean, vector[Index(names[i] + "_voiced_mean")], 0.03 * Math.Max(1, Math.Abs(mean)));
        }
    }

    /// <summary>The four measures straight from their definitions (band edges: alpha [50, 1000) / [1000, 5000] Hz, Hammarberg [0, 2000) / [2000, 5000] Hz).</summary>
    private static double[] Reference(double[] power)
    {
        const double Floor = SpectralBalance.PowerFloor;
        double Sum(double lo, double hi, bool includeHi) => Enumerable.Range(0, power.Length).Where(k => k * BinHz >= lo && (includeHi ? k * BinHz <= hi : k * BinHz < hi)).Sum(k => power[k]);
        double Max(double lo, double hi, bool includeHi) => Enumerable.Range(0, power.Length).Where(k => k * BinHz >= lo && (includeHi ? k * BinHz <= hi : k * BinHz < hi)).Max(k => power[k]);
        double Slope(double lo, double hi)
        {
            var bins = Enumerable.Range(0, power.Length).Where(k => k * BinHz >= lo && k * BinHz <= hi).ToArray();
            var xs = bins.Select(k => k * BinHz / 1000).ToArray();
            var ys = bins.Select(k => 10 * Math.Log10(power[k] + Floor)).ToArray();
            double mx = xs.Average(), my = ys.Average();
            return xs.Zip(ys, (a, b) => (a - mx) * (b - my)).Sum() / xs.Sum(a => (a - mx) * (a - mx));
        }

        return
        [
            10 * Math.Log10((Sum(50, 1000, false) + Floor) / (Sum(1000, 5000, true) + Floor)),
            10 * Math.Log10((Max(0, 2000, false) + Floor) / (Max(2000, 5000, true) + Floor)),
            Slope(0, 500),
            Slope(500, 1500),
        ];
    }
}
