using EmotionGrid.Audio.Features;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>LPC formants: root polishing on a polynomial of known roots, Levinson against a direct solve, and a synthetic vowel.</summary>
public sealed class FormantTests
{
    private static readonly (double Hz, double Bandwidth)[] Formants = [(700, 80), (1200, 90), (2600, 120)];
    private readonly ITestOutputHelper _output;

    public FormantTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_roots_of_a_known_predictor_are_recovered_exactly()
    {
        // Order 16: the three formants, two higher resonances and three broad pairs (above MaxBandwidthHz) as LPC fits give.
        var a = AllPole([.. Formants, (3500, 150), (4500, 200), (300, 1500), (5000, 2500), (7000, 3000)]);
        var formants = new LpcFormants();
        var frequencies = new double[3];
        var bandwidths = new double[3];

        var found = formants.FromPredictor(a, formants.CreateScratch(), frequencies, bandwidths);

        Assert.Equal(3, found);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Formants[i].Hz, frequencies[i], 1e-6);
            Assert.Equal(Formants[i].Bandwidth, bandwidths[i], 1e-6);
        }
    }

    [Fact]
    public void Levinson_solves_the_normal_equations()
    {
        var x = Gaussian(2000, seed: 3);
        for (var n = 2; n < x.Length; n++)
        {
            x[n] += (1.3 * x[n - 1]) - (0.6 * x[n - 2]);
        }

        var order = LpcFormants.Order;
        var r = Enumerable.Range(0, order + 1).Select(k => Enumerable.Range(0, x.Length - k).Sum(n => x[n] * x[n + k])).ToArray();
        var a = new double[order + 1];

        Assert.True(LpcFormants.Levinson(r, a, new double[order + 1]));

        // Reference: Gaussian elimination on Σ_j a_j r|i−j| = −r_i, i = 1..p (Levinson adds 1e-9 to r0).
        var m = new double[order, order + 1];
        for (var i = 0; i < order; i++)
        {
            for (var j = 0; j < order; j++)
            {
                m[i, j] = r[Math.Abs(i - j)] * (i == j ? 1 + 1e-9 : 1);
            }

            m[i, order] = -r[i + 1];
        }

        var solution = Solve(m, order);
        for (var k = 1; k <= order; k++)
        {
            Assert.Equal(solution[k - 1], a[k], 1e-7);
        }
    }

    [Theory]
    [InlineData(110.0)]
    [InlineData(160.0)]
    public void A_synthetic_vowel_gives_its_formants(double f0)
    {
        var vector = new VoiceFeatureEmbedder().Embed(Vowel(f0, 1.0, Formants));

        for (var i = 0; i < 3; i++)
        {
            var hz = 1000 * vector[Index($"f{i + 1}_khz_mean")];
            var bandwidth = 1000 * vector[Index($"f{i + 1}_bw_khz_mean")];
            _output.WriteLine($"F{i + 1}: {hz:F0} Hz (std {1000 * vector[Index($"f{i + 1}_khz_std")]:F0}), bandwidth {bandwidth:F0} Hz");
            Assert.Equal(Formants[i].Hz, hz, 0.05 * Formants[i].Hz);
            Assert.InRange(1000 * vector[Index($"f{i + 1}_khz_std")], 0, 0.05 * Formants[i].Hz);
            Assert.InRange(bandwidth, 0.5 * Formants[i].Bandwidth, 2 * Formants[i].Bandwidth);
        }
    }

    private static double[] Solve(double[,] m, int n)
    {
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(row => Math.Abs(m[row, col]));
            for (var j = 0; j <= n; j++)
            {
                (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            }

            for (var row = 0; row < n; row++)
            {
                if (row != col)
                {
                    var f = m[row, col] / m[col, col];
                    for (var j = col; j <= n; j++)
                    {
                        m[row, j] -= f * m[col, j];
                    }
                }
            }
        }

        return Enumerable.Range(0, n).Select(i => m[i, n] / m[i, i]).ToArray();
    }
}
