namespace EmotionGrid.Learning.Tests;

public class PcaTests
{
    /// <summary>Rows = R·diag(σ)·z + μ for a rotation R: the principal axes are R's columns, variances σ².</summary>
    private static (float[][] X, double[][] Axes, double[] Variances) KnownCovariance(int n, int seed)
    {
        double[] sigma = [5, 2, 1, 0.5, 0.2];
        var d = sigma.Length;
        var random = new Random(seed);
        // A random orthonormal basis by Gram–Schmidt.
        var axes = new double[d][];
        for (var a = 0; a < d; a++)
        {
            axes[a] = new double[d];
            for (var j = 0; j < d; j++)
            {
                axes[a][j] = SyntheticData.Gaussian(random);
            }

            for (var b = 0; b < a; b++)
            {
                var dot = Dot(axes[a], axes[b]);
                for (var j = 0; j < d; j++)
                {
                    axes[a][j] -= dot * axes[b][j];
                }
            }

            var norm = Math.Sqrt(Dot(axes[a], axes[a]));
            axes[a] = Array.ConvertAll(axes[a], v => v / norm);
        }

        var x = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var row = new double[d];
            for (var a = 0; a < d; a++)
            {
                var z = sigma[a] * SyntheticData.Gaussian(random);
                for (var j = 0; j < d; j++)
                {
                    row[j] += z * axes[a][j];
                }
            }

            x[i] = Array.ConvertAll(row, (v) => (float)(v + 3));
        }

        return (x, axes, Array.ConvertAll(sigma, s => s * s));
    }

    [Fact]
    public void Recovers_the_principal_axes_and_variance_ratios()
    {
        var (x, axes, variances) = KnownCovariance(20_000, seed: 1);

        var pca = Pca.Fit(x, components: 2);

        var total = variances.Sum();
        for (var c = 0; c < 2; c++)
        {
            var cosine = Math.Abs(Dot(Array.ConvertAll(pca.Components[c], v => (double)v), axes[c]));
            Assert.True(cosine >= 0.999, $"component {c}: |cos| = {cosine:F5}");
            Assert.Equal(variances[c] / total, pca.ExplainedVarianceRatio[c], 0.02);
            Assert.Equal(variances[c], pca.ExplainedVariance[c], variances[c] * 0.05);
        }
    }

    [Fact]
    public void Components_are_orthonormal_and_signs_follow_the_convention()
    {
        var (x, _, _) = KnownCovariance(3000, seed: 2);

        var pca = Pca.Fit(x, components: 3);

        for (var a = 0; a < 3; a++)
        {
            var axis = Array.ConvertAll(pca.Components[a], v => (double)v);
            Assert.Equal(1, Dot(axis, axis), 1e-5);
            var largest = axis.MaxBy(Math.Abs);
            Assert.True(largest > 0);
            for (var b = 0; b < a; b++)
            {
                Assert.Equal(0, Dot(axis, Array.ConvertAll(pca.Components[b], v => (double)v)), 1e-4);
            }
        }
    }

    [Fact]
    public void Transform_projects_centred_rows_and_a_seed_does_not_change_the_answer()
    {
        var (x, _, _) = KnownCovariance(2000, seed: 3);

        var pca = Pca.Fit(x, components: 2, seed: 0);
        var other = Pca.Fit(x, components: 2, seed: 99);

        var projected = pca.Transform(x);
        Assert.Equal(2, projected[0].Length);
        var meanFirst = projected.Average(p => p[0]);
        Assert.Equal(0, meanFirst, 1e-3);
        var variance = projected.Sum(p => p[0] * (double)p[0]) / (x.Length - 1);
        Assert.Equal(pca.ExplainedVariance[0], variance, pca.ExplainedVariance[0] * 1e-3);
        for (var c = 0; c < 2; c++)
        {
            for (var j = 0; j < x[0].Length; j++)
            {
                Assert.Equal(pca.Components[c][j], other.Components[c][j], 1e-4);
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var j = 0; j < a.Length; j++)
        {
            s += a[j] * b[j];
        }

        return s;
    }
}
