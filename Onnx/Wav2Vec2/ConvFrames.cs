namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>
/// Frames the Wav2Vec2 feature encoder makes of <c>n</c> samples: L = ⌊(L − k) / s⌋ + 1 through the conv stack
/// (kernels 10,3,3,3,3,2,2; strides 5,2,2,2,2,2,2), like Hugging Face's <c>_get_feat_extract_output_lengths</c>.
/// Frames past this count in a padded batch saw padding, so they are not averaged.
/// </summary>
public static class ConvFrames
{
    private static readonly (int Kernel, int Stride)[] Stack = [(10, 5), (3, 2), (3, 2), (3, 2), (3, 2), (2, 2), (2, 2)];

    public static int Count(int samples)
    {
        var length = samples;
        foreach (var (kernel, stride) in Stack)
        {
            length = length < kernel ? 0 : ((length - kernel) / stride) + 1;
        }

        return length;
    }
}
