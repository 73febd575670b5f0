namespace EmotionGrid.Audio.Batching;

/// <summary>One clip waiting for a run: clip <see cref="Index"/> of <see cref="Request"/>, queued at timestamp <see cref="EnqueuedAt"/>.</summary>
internal sealed class QueuedClip(BatchRequest request, int index, float[] samples, long enqueuedAt)
{
    public BatchRequest Request { get; } = request;

    public int Index { get; } = index;

    public float[] Samples { get; } = samples;

    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Samples in the clip; a null clip counts as empty (the inner embedder decides what it means).</summary>
    public int Length => Samples?.Length ?? 0;
}
