using System.Numerics.Tensors;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;

namespace EmotionGrid.Bench;

/// <summary>What the AudioFileGrain does with a long file, without storage: stream segments, embed each, average.</summary>
public static class SegmentedEmbedding
{
    public static float[] Run(AudioFrontEnd frontEnd, IAudioEmbedder embedder, Stream wav)
    {
        using var segmented = frontEnd.ReadSegments(wav, SegmentOptions.Default);
        var mean = new float[embedder.Dimension];
        foreach (var segment in segmented)
        {
            TensorPrimitives.Add(mean, embedder.Embed(segment.Samples), mean);
        }

        TensorPrimitives.Divide(mean, segmented.SegmentCount, mean);
        return mean;
    }
}
