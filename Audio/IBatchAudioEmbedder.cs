namespace EmotionGrid.Audio;

/// <summary>An embedder that can embed several clips in one call (one model run); each result equals <see cref="IAudioEmbedder.Embed"/> of that clip.</summary>
public interface IBatchAudioEmbedder : IAudioEmbedder
{
    IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips);
}
