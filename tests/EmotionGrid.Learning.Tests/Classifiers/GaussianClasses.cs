namespace EmotionGrid.Learning.Tests.Classifiers;

/// <summary>
/// Gaussian classes that a linear model and a tree ensemble both separate: class c is shifted by +3 on its own
/// three features, every feature has unit noise, and the rest are noise only.
/// </summary>
internal static class GaussianClasses
{
    public const int Features = 48;

    /// <summary><paramref name="perClass"/> rows of each class in <paramref name="classes"/>, the classes in the order given.</summary>
    public static (float[][] X, int[] Y) Sample(int[] classes, int perClass, int seed)
    {
        var random = new Random(seed);
        var x = new List<float[]>();
        var y = new List<int>();
        foreach (var c in classes)
        {
            for (var i = 0; i < perClass; i++)
            {
                var row = new float[Features];
                for (var j = 0; j < Features; j++)
                {
                    row[j] = (float)SyntheticData.Gaussian(random) + (j / 3 == c ? 3f : 0f);
                }

                x.Add(row);
                y.Add(c);
            }
        }

        return ([.. x], [.. y]);
    }

    public static int ArgMax(float[] p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return best;
    }
}
