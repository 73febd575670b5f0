namespace EmotionGrid.Learning.Tests;

/// <summary>Seeded synthetic data sets with known structure.</summary>
internal static class SyntheticData
{
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary><paramref name="perBlob"/> points around each centre with unit spread, labels = blob index.</summary>
    public static (float[][] X, int[] Labels) Blobs(float[][] centres, int perBlob, int seed, double spread = 1)
    {
        var random = new Random(seed);
        var x = new List<float[]>();
        var labels = new List<int>();
        for (var b = 0; b < centres.Length; b++)
        {
            for (var i = 0; i < perBlob; i++)
            {
                x.Add(Array.ConvertAll(centres[b], c => (float)(c + (spread * Gaussian(random)))));
                labels.Add(b);
            }
        }

        return ([.. x], [.. labels]);
    }

    /// <summary>Four well-separated centres in <paramref name="d"/> dimensions (distance ≥ 20 apart, unit noise).</summary>
    public static float[][] FourCentres(int d)
    {
        var centres = new float[4][];
        for (var b = 0; b < 4; b++)
        {
            centres[b] = new float[d];
            centres[b][b % d] = 20;
            centres[b][(b + 1) % d] = b >= 2 ? -20 : 0;
        }

        return centres;
    }

    /// <summary>Uniform features in [-1, 1]; the label is a function of the first features only.</summary>
    public static (float[][] X, int[] Y) Labelled(int n, int d, int seed, Func<float[], int> label)
    {
        var random = new Random(seed);
        var x = new float[n][];
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = new float[d];
            for (var j = 0; j < d; j++)
            {
                x[i][j] = (float)((random.NextDouble() * 2) - 1);
            }

            y[i] = label(x[i]);
        }

        return (x, y);
    }

    public static double Accuracy(int[] truth, int[] predicted)
    {
        var correct = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        return (double)correct / truth.Length;
    }
}
