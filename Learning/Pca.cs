using System.Numerics.Tensors;

namespace EmotionGrid.Learning;

/// <summary>
/// Principal component analysis for the 2-D cluster view. The covariance matrix is never formed
/// (768² × n would dominate): block power iteration (orthogonal/subspace iteration) multiplies a few
/// orthonormal vectors by XᵀX through two passes over the centred rows, then a Rayleigh–Ritz step
/// (Jacobi on the small projected matrix) separates the components. Extra vectors beyond the ones
/// asked for make convergence depend on the gap to the (components + oversampling + 1)-th eigenvalue
/// rather than between neighbours. Variances use n − 1, as scikit-learn's <c>explained_variance_</c>.
/// Sign convention: each component's largest-magnitude loading is positive, so refits agree.
/// </summary>
public sealed class Pca
{
    private const int Oversampling = 6;
    private const int MaxIterations = 500;
    private const double Tolerance = 1e-9;

    public Pca(float[] mean, float[][] components, double[] explainedVariance, double[] explainedVarianceRatio)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(components);
        foreach (var component in components)
        {
            Matrix.RequireDimension(mean.Length, component?.Length ?? 0, nameof(components));
        }

        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
    }

    public float[] Mean { get; }

    /// <summary>Unit principal axes, one row per component, in order of decreasing variance.</summary>
    public float[][] Components { get; }

    public double[] ExplainedVariance { get; }

    public double[] ExplainedVarianceRatio { get; }

    public static Pca Fit(float[][] x, int components = 2, int seed = 0)
    {
        var d = Matrix.RequireRectangular(x, nameof(x), minRows: 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, Math.Min(d, x.Length - 1));

        var mean = new double[d];
        foreach (var row in x)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        var meanF = Array.ConvertAll(mean, m => (float)(m / x.Length));
        var centred = new float[x.Length][];
        double totalVariance = 0;
        for (var i = 0; i < x.Length; i++)
        {
            centred[i] = new float[d];
            TensorPrimitives.Subtract(x[i], meanF, centred[i]);
            totalVariance += TensorPrimitives.Dot(centred[i], centred[i]);
        }

        totalVariance /= x.Length - 1;
        var block = Math.Min(d, components + Oversampling);
        var basis = RandomOrthonormal(block, d, seed);
        double[] previous = [];
        var ritz = (Values: Array.Empty<double>(), Vectors: new double[0, 0]);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var product = MultiplyByCovariance(centred, basis);
            ritz = SymmetricEigen.Decompose(Project(basis, product));
            var converged = previous.Length > 0 && Converged(previous, ritz.Values, components);
            previous = ritz.Values;
            if (converged)
            {
                break;
            }

            basis = Orthonormalise(product);
        }

        var axes = new float[components][];
        for (var c = 0; c < components; c++)
        {
            var axis = new double[d];
            for (var b = 0; b < block; b++)
            {
                for (var j = 0; j < d; j++)
                {
                    axis[j] += ritz.Vectors[b, c] * basis[b][j];
                }
            }

            axes[c] = SignConvention(axis);
        }

        var variance = ritz.Values[..components];
        var ratio = Array.ConvertAll(variance, v => totalVariance > 0 ? v / totalVariance : 0);
        return new Pca(meanF, axes, variance, ratio);
    }

    public float[] Transform(ReadOnlySpan<float> vector)
    {
        Matrix.RequireDimension(Mean.Length, vector.Length, nameof(vector));
        var centred = new float[vector.Length];
        TensorPrimitives.Subtract(vector, Mean, centred);
        var result = new float[Components.Length];
        for (var c = 0; c < result.Length; c++)
        {
            result[c] = TensorPrimitives.Dot(centred, Components[c]);
        }

        return result;
    }

    public float[][] Transform(float[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Array.ConvertAll(x, row => Transform(row));
    }

    /// <summary>C·Q = Xcᵀ(Xc·Q)/(n−1), with float SIMD products summed into double every 256 rows to keep precision.</summary>
    private static double[][] MultiplyByCovariance(float[][] centred, double[][] basis)
    {
        var d = centred[0].Length;
        var q = Array.ConvertAll(basis, b => Array.ConvertAll(b, v => (float)v));
        var partial = Array.ConvertAll(q, _ => new float[d]);
        var result = Array.ConvertAll(q, _ => new double[d]);
        for (var i = 0; i < centred.Length; i++)
        {
            for (var b = 0; b < q.Length; b++)
            {
                TensorPrimitives.MultiplyAdd(centred[i], TensorPrimitives.Dot(centred[i], q[b]), partial[b], partial[b]);
            }

            if ((i & 255) == 255 || i == centred.Length - 1)
            {
                for (var b = 0; b < q.Length; b++)
                {
                    for (var j = 0; j < d; j++)
                    {
                        result[b][j] += partial[b][j] / (centred.Length - 1.0);
                    }

                    Array.Clear(partial[b]);
                }
            }
        }

        return result;
    }

    private static double[,] Project(double[][] basis, double[][] product)
    {
        var m = basis.Length;
        var h = new double[m, m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b < m; b++)
            {
                h[a, b] = Dot(basis[a], product[b]);
            }
        }

        // Symmetrise: rounding makes QᵀCQ very slightly asymmetric and Jacobi assumes symmetry.
        for (var a = 0; a < m; a++)
        {
            for (var b = a + 1; b < m; b++)
            {
                h[a, b] = h[b, a] = (h[a, b] + h[b, a]) / 2;
            }
        }

        return h;
    }

    private static bool Converged(double[] previous, double[] current, int components)
    {
        for (var c = 0; c < components; c++)
        {
            if (Math.Abs(current[c] - previous[c]) > Tolerance * Math.Max(Math.Abs(current[0]), double.Epsilon))
            {
                return false;
            }
        }

        return true;
    }

    private static double[][] RandomOrthonormal(int count, int d, int seed)
    {
        var random = new SplitMix64(SplitMix64.Derive(seed, 0));
        var vectors = new double[count][];
        for (var b = 0; b < count; b++)
        {
            vectors[b] = new double[d];
            for (var j = 0; j < d; j++)
            {
                vectors[b][j] = random.NextGaussian();
            }
        }

        return Orthonormalise(vectors);
    }

    /// <summary>Modified Gram–Schmidt, twice (one pass loses orthogonality when columns are nearly parallel).</summary>
    private static double[][] Orthonormalise(double[][] vectors)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            for (var b = 0; b < vectors.Length; b++)
            {
                var v = vectors[b];
                for (var a = 0; a < b; a++)
                {
                    var projection = Dot(vectors[a], v);
                    for (var j = 0; j < v.Length; j++)
                    {
                        v[j] -= projection * vectors[a][j];
                    }
                }

                var norm = Math.Sqrt(Dot(v, v));
                for (var j = 0; j < v.Length; j++)
                {
                    // A vector in the span of the earlier ones (rank-deficient data) becomes a unit axis
                    // direction; it is re-orthogonalised on the second pass.
                    v[j] = norm > 1e-300 ? v[j] / norm : (j == b ? 1 : 0);
                }
            }
        }

        return vectors;
    }

    private static float[] SignConvention(double[] axis)
    {
        var largest = 0;
        for (var j = 1; j < axis.Length; j++)
        {
            largest = Math.Abs(axis[j]) > Math.Abs(axis[largest]) ? j : largest;
        }

        var sign = axis[largest] < 0 ? -1.0 : 1.0;
        var norm = Math.Sqrt(Dot(axis, axis));
        return Array.ConvertAll(axis, v => (float)(sign * v / norm));
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }
}
