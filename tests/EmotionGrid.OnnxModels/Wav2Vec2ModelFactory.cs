namespace EmotionGrid.OnnxModels;

/// <summary>Makes Wav2Vec2-shaped encoders with seeded random weights (shape-faithful, not trained).</summary>
public static class Wav2Vec2ModelFactory
{
    public static Wav2Vec2Model Create(Wav2Vec2Shape shape, int seed, bool withAttentionMask) =>
        new(Wav2Vec2Weights.Create(shape, seed), withAttentionMask);
}
