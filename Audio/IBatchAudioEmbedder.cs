namespace EmotionGrid.Audio;

/// <summary>An embedder that can embed several clips in one call (one model run); each result equals <see cref="IAudioEmbedder.Embed"/> of that clip.</summary>
public interface IBatchAudioEmbedder : IAudioEmbedder
{
    /// <summary>
    /// Whether clips of different lengths may share a run (the model masks the padding). When false, a
    /// caller that wants one run per call must pass clips of equal length; others are split into several runs.
    /// </summary>
    bool CanPadClips { get; }

    IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips);
}
