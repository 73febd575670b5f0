namespace EmotionGrid.OnnxModels;

/// <summary>
/// Sizes of a Wav2Vec2-shaped encoder: the 7-layer conv feature extractor (kernels 10,3,3,3,3,2,2,
/// strides 5,2,2,2,2,2,2: one frame per 320 samples, 25 ms receptive field at 16 kHz), the feature
/// projection, the grouped positional convolution and the transformer blocks.
/// </summary>
public sealed record Wav2Vec2Shape
{
    private static readonly int[] Wav2Vec2Kernels = [10, 3, 3, 3, 3, 2, 2];
    private static readonly int[] Wav2Vec2Strides = [5, 2, 2, 2, 2, 2, 2];

    public Wav2Vec2Shape(int convChannels, int hidden, int layers, int heads, int feedForward, int positionalConvKernel, int positionalConvGroups)
    {
        if (convChannels <= 0 || hidden <= 0 || layers < 0 || heads <= 0 || feedForward <= 0 || positionalConvKernel <= 0 || positionalConvGroups <= 0)
        {
            throw new ArgumentException("Wav2Vec2Shape: sizes must be positive");
        }

        if (hidden % heads != 0 || hidden % positionalConvGroups != 0)
        {
            throw new ArgumentException($"Wav2Vec2Shape: hidden {hidden} must divide by heads {heads} and positional conv groups {positionalConvGroups}");
        }

        ConvChannels = convChannels;
        Hidden = hidden;
        Layers = layers;
        Heads = heads;
        FeedForward = feedForward;
        PositionalConvKernel = positionalConvKernel;
        PositionalConvGroups = positionalConvGroups;
    }

    /// <summary>A few thousand parameters: conv 32, hidden 32, 2 blocks of 2 heads, FFN 64, positional conv 8 in 4 groups.</summary>
    public static Wav2Vec2Shape Tiny { get; } = new(convChannels: 32, hidden: 32, layers: 2, heads: 2, feedForward: 64, positionalConvKernel: 8, positionalConvGroups: 4);

    /// <summary>wav2vec2-base: conv 512, hidden 768, 12 blocks of 12 heads, FFN 3072, positional conv 128 in 16 groups (~94 M parameters).</summary>
    public static Wav2Vec2Shape Base { get; } = new(convChannels: 512, hidden: 768, layers: 12, heads: 12, feedForward: 3072, positionalConvKernel: 128, positionalConvGroups: 16);

    public int ConvChannels { get; }

    public IReadOnlyList<int> ConvKernels => Wav2Vec2Kernels;

    public IReadOnlyList<int> ConvStrides => Wav2Vec2Strides;

    public int Hidden { get; }

    public int Layers { get; }

    public int Heads { get; }

    public int HeadSize => Hidden / Heads;

    public int FeedForward { get; }

    public int PositionalConvKernel { get; }

    public int PositionalConvGroups { get; }

    public float LayerNormEpsilon => 1e-5f;

    /// <summary>Frames for <paramref name="samples"/> input samples: the conv length formula, layer by layer (no padding).</summary>
    public long FrameCount(long samples)
    {
        var length = samples;
        for (var i = 0; i < Wav2Vec2Kernels.Length; i++)
        {
            length = length < Wav2Vec2Kernels[i] ? 0 : ((length - Wav2Vec2Kernels[i]) / Wav2Vec2Strides[i]) + 1;
        }

        return length;
    }

    /// <summary>Fewest samples that give one frame (400 = 25 ms at 16 kHz).</summary>
    public int MinimumSamples
    {
        get
        {
            var samples = 1;
            for (var i = Wav2Vec2Kernels.Length - 1; i >= 0; i--)
            {
                samples = ((samples - 1) * Wav2Vec2Strides[i]) + Wav2Vec2Kernels[i];
            }

            return samples;
        }
    }
}
