namespace EmotionGrid.OnnxModels;

/// <summary>
/// All weights of a generated Wav2Vec2-shaped encoder, drawn from one seed. Both the ONNX writer and
/// the C# reference forward pass read these arrays, so the two describe the same function.
/// </summary>
public sealed class Wav2Vec2Weights
{
    private Wav2Vec2Weights(Wav2Vec2Shape shape, int seed, bool roundToFloat16)
    {
        Shape = shape;
        Seed = seed;
        RoundedToFloat16 = roundToFloat16;
        var random = new WeightRandom(seed);
        var c = shape.ConvChannels;
        var d = shape.Hidden;
        var convKernels = new float[shape.ConvKernels.Count][];
        for (var layer = 0; layer < convKernels.Length; layer++)
        {
            var inChannels = layer == 0 ? 1 : c;
            var fanIn = inChannels * shape.ConvKernels[layer];
            convKernels[layer] = random.Linear(c * fanIn, fanIn);
        }

        ConvKernels = convKernels;

        FirstConvNormScale = random.Uniform(c, 1f, 0.1f);
        FirstConvNormBias = random.Uniform(c, 0f, 0.1f);
        FeatureNormScale = random.Uniform(c, 1f, 0.1f);
        FeatureNormBias = random.Uniform(c, 0f, 0.1f);
        ProjectionWeight = random.Linear(c * d, c);
        ProjectionBias = random.Uniform(d, 0f, 0.1f);
        var groupChannels = d / shape.PositionalConvGroups;
        var positionalFanIn = groupChannels * shape.PositionalConvKernel;
        PositionalConvWeight = random.Linear(d * positionalFanIn, positionalFanIn);
        PositionalConvBias = random.Uniform(d, 0f, 0.1f);
        EncoderNormScale = random.Uniform(d, 1f, 0.1f);
        EncoderNormBias = random.Uniform(d, 0f, 0.1f);
        Layers = Enumerable.Range(0, shape.Layers).Select(_ => new Wav2Vec2LayerWeights(shape, random)).ToArray();
        if (roundToFloat16)
        {
            // After every draw, so the random sequence (and each value before rounding) is the float32 model's.
            foreach (var values in All)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)(Half)values[i];
                }
            }
        }
    }

    public Wav2Vec2Shape Shape { get; }

    public int Seed { get; }

    /// <summary>
    /// Whether every value was rounded to the nearest float16 (from <see cref="CreateRoundedToFloat16"/>): the
    /// weights a <see cref="Wav2Vec2Precision.Float16"/> model stores, exactly representable in both types.
    /// </summary>
    public bool RoundedToFloat16 { get; }

    /// <summary>Per conv layer, [out channels, in channels, kernel] (no bias, as in Wav2Vec2).</summary>
    public IReadOnlyList<float[]> ConvKernels { get; }

    /// <summary>Wav2Vec2's GroupNorm after the first conv, with one group per channel (= InstanceNormalization).</summary>
    public float[] FirstConvNormScale { get; }

    public float[] FirstConvNormBias { get; }

    /// <summary>LayerNorm over conv channels before the projection.</summary>
    public float[] FeatureNormScale { get; }

    public float[] FeatureNormBias { get; }

    /// <summary>[conv channels, hidden].</summary>
    public float[] ProjectionWeight { get; }

    public float[] ProjectionBias { get; }

    /// <summary>[hidden, hidden / groups, kernel]: the effective weight (weight norm folded in).</summary>
    public float[] PositionalConvWeight { get; }

    public float[] PositionalConvBias { get; }

    public float[] EncoderNormScale { get; }

    public float[] EncoderNormBias { get; }

    public IReadOnlyList<Wav2Vec2LayerWeights> Layers { get; }

    public long ParameterCount => All.Sum(a => (long)a.Length);

    internal IEnumerable<float[]> All =>
        ConvKernels
            .Concat([FirstConvNormScale, FirstConvNormBias, FeatureNormScale, FeatureNormBias, ProjectionWeight, ProjectionBias,
                PositionalConvWeight, PositionalConvBias, EncoderNormScale, EncoderNormBias])
            .Concat(Layers.SelectMany(l => l.All));

    public static Wav2Vec2Weights Create(Wav2Vec2Shape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new Wav2Vec2Weights(shape, seed, roundToFloat16: false);
    }

    /// <summary>
    /// The weights of <see cref="Create"/> for the same seed, each rounded to the nearest float16, so a
    /// model that stores them as float16 and the float32 reference pass over them describe one function.
    /// </summary>
    public static Wav2Vec2Weights CreateRoundedToFloat16(Wav2Vec2Shape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new Wav2Vec2Weights(shape, seed, roundToFloat16: true);
    }
}
