namespace EmotionGrid.Grains.Processing;

/// <summary>
/// A bounded pool for CPU-heavy work (decoding, model runs): at most <see cref="Concurrency"/> items run at
/// once on thread-pool threads, the rest wait in order. Grains hand their heavy work to a pool so that their
/// own scheduler, the gateway and the health probes stay free during a burst.
/// </summary>
public abstract class WorkPool(int concurrency) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private int _waiting;
    private int _running;

    public int Concurrency { get; } = concurrency;

    /// <summary>Items waiting for a slot (the queue depth).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int Running => Volatile.Read(ref _running);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        Interlocked.Increment(ref _running);
        try
        {
            // Task.Run leaves the caller's scheduler (an Orleans activation's) for the thread pool.
            return await Task.Run(() => work(cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default) =>
        RunAsync(_ => Task.FromResult(work()), cancellationToken);

    public void Dispose()
    {
        _slots.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The pool that embeds files (<c>Processing:Concurrency</c> per silo).</summary>
public sealed class FileWorkPool(int concurrency) : WorkPool(concurrency);

/// <summary>The pool that embeds clips for predictions (<c>Gateway:MaxConcurrentPredictions</c> per silo), apart from files so a burst never starves predictions.</summary>
public sealed class PredictionWorkPool(int concurrency) : WorkPool(concurrency);
