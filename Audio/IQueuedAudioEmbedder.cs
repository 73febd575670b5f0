namespace EmotionGrid.Audio;

/// <summary>
/// An embedder that queues clips and runs them together with other callers' clips (dynamic batching):
/// callers await their vectors instead of holding a thread while the model runs.
/// </summary>
public interface IQueuedAudioEmbedder : IAudioEmbedder
{
    /// <summary>One vector per clip, in order; each equals <see cref="IAudioEmbedder.Embed"/> of that clip.</summary>
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<float[]> clips, CancellationToken cancellationToken = default);
}
