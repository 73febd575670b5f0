namespace EmotionGrid.OnnxModels;

/// <summary>
/// Seeded random weights. <see cref="Random(int)"/> with a seed uses the same algorithm on every .NET,
/// so a seed names the same model everywhere.
/// </summary>
internal sealed class WeightRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Uniform in ±√(3/fanIn): variance 1/fanIn, so activations keep their scale through a linear layer.</summary>
    public float[] Linear(int count, int fanIn)
    {
        var limit = MathF.Sqrt(3f / fanIn);
        return Uniform(count, 0f, limit);
    }

    /// <summary>Uniform in <paramref name="center"/> ± <paramref name="spread"/> (norm scales near 1, small biases).</summary>
    public float[] Uniform(int count, float center, float spread)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = center + (spread * ((2f * _random.NextSingle()) - 1f));
        }

        return values;
    }
}
