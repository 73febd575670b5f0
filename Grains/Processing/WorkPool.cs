namespace EmotionGrid.Grains.Processing;

/// <summary>
/// A bounded pool for CPU-heavy work (decoding, model runs): at most <see cref="Concurrency"/> items run at
/// once on thread-pool threads, the rest wait in order. Grains hand their heavy work to a pool so that their
/// own scheduler, the gateway and the health probes stay free during a burst.
/// </summary>
public abstract class WorkPool(int concurrency) : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<TaskCompletionSource> _urgent = new();
    private readonly LinkedList<TaskCompletionSource> _normal = new();
    private int _free = concurrency;
    private int _waiting;
    private int _running;

    public int Concurrency { get; } = concurrency;

    /// <summary>Items waiting for a slot (the queue depth).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int Running => Volatile.Read(ref _running);

    /// <summary>
    /// Waits for a slot and holds it until the slot is disposed; heavy parts go through <see cref="Slot.RunAsync{T}"/>.
    /// Waiters are served in order, <paramref name="urgent"/> ones first: a file taken over from a dead silo has
    /// waited longest of all and must not queue again behind the whole batch.
    /// </summary>
    public async Task<Slot> AcquireAsync(CancellationToken cancellationToken = default, bool urgent = false)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_free > 0 && _urgent.Count == 0 && _normal.Count == 0)
            {
                _free--;
                return Granted();
            }

            node = (urgent ? _urgent : _normal).AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            using (cancellationToken.Register(() => Withdraw(node, cancellationToken)))
            {
                await node.Value.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return Granted();
    }

    private Slot Granted()
    {
        Interlocked.Increment(ref _running);
        return new Slot(this);
    }

    /// <summary>A cancelled waiter leaves the queue; one that was already handed a slot keeps it (its caller disposes it).</summary>
    private void Withdraw(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return;
            }

            node.List.Remove(node);
        }

        node.Value.TrySetCanceled(cancellationToken);
    }

    private void Release()
    {
        Interlocked.Decrement(ref _running);
        TaskCompletionSource? next = null;
        lock (_gate)
        {
            var queue = _urgent.Count > 0 ? _urgent : _normal;
            if (queue.First is { } first)
            {
                queue.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _free++;
            }
        }

        next?.SetResult(); // the slot passes straight to the next waiter
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool in a slot of its own.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var slot = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        return await slot.RunAsync(work, cancellationToken).ConfigureAwait(false);
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default) =>
        RunAsync(_ => Task.FromResult(work()), cancellationToken);

    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>One held slot of a pool.</summary>
    public sealed class Slot(WorkPool pool) : IAsyncDisposable
    {
        private int _released;

        /// <summary>Leaves the caller's scheduler (an Orleans activation's) for the thread pool.</summary>
        public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
            Task.Run(() => work(cancellationToken), cancellationToken);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                pool.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The pool that embeds files (<c>Processing:Concurrency</c> per silo).</summary>
public sealed class FileWorkPool(int concurrency) : WorkPool(concurrency);

/// <summary>The pool that embeds clips for predictions (<c>Gateway:MaxConcurrentPredictions</c> per silo), apart from files so a burst never starves predictions.</summary>
public sealed class PredictionWorkPool(int concurrency) : WorkPool(concurrency);

/// <summary>The pool that transcribes embedded files, apart from the file pool so embedding never waits for the recogniser.</summary>
public sealed class TranscriptionWorkPool(int concurrency) : WorkPool(concurrency);
