namespace EmotionGrid.Audio.Batching;

/// <summary>
/// One <see cref="DynamicBatcher.EmbedAsync"/> call: collects its clips' vectors from whichever runs carry
/// them and completes once, with all vectors, the first failure, or cancellation (whichever comes first).
/// </summary>
internal sealed class BatchRequest
{
    private readonly float[][] _vectors;

    // Continuations run on the thread pool, never inline on a runner thread (which would stall its next run).
    private readonly TaskCompletionSource<IReadOnlyList<float[]>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public BatchRequest(int clips)
    {
        _vectors = new float[clips][];
        _remaining = clips;
    }

    public Task<IReadOnlyList<float[]>> Task => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Set before any clip is queued, so every completion path sees it.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>Records clip <paramref name="index"/>'s vector; the last one completes the request. Safe from several runners at once.</summary>
    public void SetVector(int index, float[] vector)
    {
        if (IsCompleted)
        {
            return; // failed or cancelled meanwhile: the vector is simply dropped
        }

        _vectors[index] = vector;
        // Each index is set once, so the count reaches zero once; the decrement also publishes the other runners' writes.
        if (Interlocked.Decrement(ref _remaining) == 0 && _completion.TrySetResult(_vectors))
        {
            Unregister();
        }
    }

    /// <summary>Fails the request unless it already completed; true when this call failed it.</summary>
    public bool TryFail(Exception error)
    {
        if (!_completion.TrySetException(error))
        {
            return false;
        }

        Unregister();
        return true;
    }

    public bool TryCancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

    // Unregister, unlike Dispose, never waits for a running callback, which could be waiting for the batcher's lock.
    private void Unregister() => Registration.Unregister();
}
