namespace EmotionGrid.OnnxModels;

/// <summary>Makes Wav2Vec2-shaped encoders with seeded random weights (shape-faithful, not trained).</summary>
public static class Wav2Vec2ModelFactory
{
    /// <summary>
    /// The encoder for <paramref name="seed"/>. <paramref name="precision"/> picks float16 inputs, output
    /// and weights (see <see cref="Wav2Vec2Precision"/>); the default float32 model is unchanged by it.
    /// </summary>
    public static Wav2Vec2Model Create(Wav2Vec2Shape shape, int seed, bool withAttentionMask, Wav2Vec2Precision precision = Wav2Vec2Precision.Float32)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown Wav2Vec2Precision");
        }

        var weights = precision.HasFloat16Weights() ? Wav2Vec2Weights.CreateRoundedToFloat16(shape, seed) : Wav2Vec2Weights.Create(shape, seed);
        return new(weights, withAttentionMask, precision);
    }
}
