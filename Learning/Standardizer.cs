namespace EmotionGrid.Learning;

/// <summary>
/// Per-feature z-scores: (x − mean) / scale with the population standard deviation, as scikit-learn's
/// <c>StandardScaler</c>. A constant feature gets scale 1 so it maps to 0 instead of dividing by zero.
/// Public <see cref="Mean"/> and <see cref="Scale"/> make it serialisable as it stands (System.Text.Json
/// binds the constructor).
/// </summary>
public sealed class Standardizer
{
    public Standardizer(float[] mean, float[] scale)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        Matrix.RequireDimension(mean.Length, scale.Length, nameof(scale));
        foreach (var s in scale)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw new ArgumentException("every scale must be positive and finite", nameof(scale));
            }
        }

        Mean = mean;
        Scale = scale;
    }

    public float[] Mean { get; }

    public float[] Scale { get; }

    public static Standardizer Fit(float[][] x)
    {
        var d = Matrix.RequireRectangular(x, nameof(x));
        var mean = new double[d];
        var min = new float[d];
        var max = new float[d];
        Array.Copy(x[0], min, d);
        Array.Copy(x[0], max, d);
        foreach (var row in x)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
                min[j] = Math.Min(min[j], row[j]);
                max[j] = Math.Max(max[j], row[j]);
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= x.Length;
        }

        // Two passes (mean, then squared deviations) rather than sum of squares: no cancellation for
        // features with a large offset and a small spread.
        var variance = new double[d];
        foreach (var row in x)
        {
            for (var j = 0; j < d; j++)
            {
                var delta = row[j] - mean[j];
                variance[j] += delta * delta;
            }
        }

        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            var s = (float)Math.Sqrt(variance[j] / x.Length);
            scale[j] = min[j] == max[j] || !(s > 0) ? 1f : s;
        }

        return new Standardizer(Array.ConvertAll(mean, m => (float)m), scale);
    }

    public float[] Transform(ReadOnlySpan<float> vector)
    {
        Matrix.RequireDimension(Mean.Length, vector.Length, nameof(vector));
        var result = new float[vector.Length];
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = (vector[j] - Mean[j]) / Scale[j];
        }

        return result;
    }

    public float[][] Transform(float[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = new float[x.Length][];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = Transform(x[i]);
        }

        return result;
    }
}
