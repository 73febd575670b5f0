namespace EmotionGrid.OnnxModels;

/// <summary>
/// One transformer block (post-norm, as in wav2vec2-base). Matrices are row-major [in, out], ready
/// for <c>MatMul(x, W)</c>.
/// </summary>
public sealed class Wav2Vec2LayerWeights
{
    internal Wav2Vec2LayerWeights(Wav2Vec2Shape shape, WeightRandom random)
    {
        var d = shape.Hidden;
        var f = shape.FeedForward;
        QueryWeight = random.Linear(d * d, d);
        QueryBias = random.Uniform(d, 0f, 0.1f);
        KeyWeight = random.Linear(d * d, d);
        KeyBias = random.Uniform(d, 0f, 0.1f);
        ValueWeight = random.Linear(d * d, d);
        ValueBias = random.Uniform(d, 0f, 0.1f);
        OutputWeight = random.Linear(d * d, d);
        OutputBias = random.Uniform(d, 0f, 0.1f);
        AttentionNormScale = random.Uniform(d, 1f, 0.1f);
        AttentionNormBias = random.Uniform(d, 0f, 0.1f);
        FeedForwardInWeight = random.Linear(d * f, d);
        FeedForwardInBias = random.Uniform(f, 0f, 0.1f);
        FeedForwardOutWeight = random.Linear(f * d, f);
        FeedForwardOutBias = random.Uniform(d, 0f, 0.1f);
        FinalNormScale = random.Uniform(d, 1f, 0.1f);
        FinalNormBias = random.Uniform(d, 0f, 0.1f);
    }

    public float[] QueryWeight { get; }

    public float[] QueryBias { get; }

    public float[] KeyWeight { get; }

    public float[] KeyBias { get; }

    public float[] ValueWeight { get; }

    public float[] ValueBias { get; }

    public float[] OutputWeight { get; }

    public float[] OutputBias { get; }

    public float[] AttentionNormScale { get; }

    public float[] AttentionNormBias { get; }

    public float[] FeedForwardInWeight { get; }

    public float[] FeedForwardInBias { get; }

    public float[] FeedForwardOutWeight { get; }

    public float[] FeedForwardOutBias { get; }

    public float[] FinalNormScale { get; }

    public float[] FinalNormBias { get; }

    internal IEnumerable<float[]> All =>
    [
        QueryWeight, QueryBias, KeyWeight, KeyBias, ValueWeight, ValueBias, OutputWeight, OutputBias,
        AttentionNormScale, AttentionNormBias, FeedForwardInWeight, FeedForwardInBias,
        FeedForwardOutWeight, FeedForwardOutBias, FinalNormScale, FinalNormBias,
    ];
}
