namespace EmotionGrid.Audio.Batching;

/// <summary>
/// Dynamic batching across callers (like Triton's dynamic batcher): every clip of every
/// <see cref="EmbedAsync"/> call joins one queue, and <see cref="DynamicBatchingOptions.Runners"/> dedicated
/// threads each take a group of queued clips, run <see cref="IBatchAudioEmbedder.EmbedBatch"/> on it, and hand
/// each vector to the request it belongs to. A request's clips may be spread over several runs and mixed with
/// other requests' clips; its task completes when all of them have vectors.
/// <para>
/// A group starts from the oldest queued clip (the anchor), so a clip of an unusual length is never starved by
/// better-fitting newcomers. Others join in order of closeness of their length to the anchor's, because a run
/// costs clips × longest clip: similar lengths waste little on padding. A runner waits up to
/// <see cref="DynamicBatchingOptions.MaxWait"/> (from the anchor's arrival) for a group to fill, but not once no
/// clip could join it any more; with zero it runs at once, and clips arriving while runs are busy batch naturally.
/// </para>
/// <para>
/// A multi-clip run that throws is retried one clip at a time, so one bad clip fails only its own request and
/// the others still get their vectors. Cancelling a request removes its queued clips; vectors of its clips
/// already running are dropped.
/// </para>
/// </summary>
public sealed partial class DynamicBatcher : IQueuedAudioEmbedder, IBatchAudioEmbedder, IDisposable
{
    private readonly object _sync = new(); // guards _queue and _disposed; runners wait on it
    private readonly object _statisticsSync = new();
    private readonly BatchQueue _queue = new();
    private readonly TimeProvider _time;
    private readonly long _maxBatchSamples;
    private readonly Thread[] _runners;
    private DynamicBatcherStatistics _statistics = DynamicBatcherStatistics.Empty;
    private bool _disposed;

    public DynamicBatcher(IBatchAudioEmbedder inner, DynamicBatchingOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Inner = inner;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _maxBatchSamples = options.MaxBatchSamples;
        _runners = new Thread[options.Runners];
        for (var i = 0; i < _runners.Length; i++)
        {
            // Dedicated threads: a model run blocks for a long time and must not hold thread-pool threads.
            _runners[i] = new Thread(RunLoop) { IsBackground = true, Name = $"emotiongrid-embed-{i + 1}" };
            _runners[i].Start();
        }
    }

    public IBatchAudioEmbedder Inner { get; }

    public DynamicBatchingOptions Options { get; }

    public string Id => Inner.Id;

    public int Dimension => Inner.Dimension;

    public bool CanPadClips => Inner.CanPadClips;

    /// <summary>A snapshot of the work asked of <see cref="Inner"/> so far.</summary>
    public DynamicBatcherStatistics Statistics
    {
        get
        {
            lock (_statisticsSync)
            {
                return _statistics;
            }
        }
    }

    /// <summary>
    /// Queues the clips and completes with their vectors in order. Fails with the first exception of any of its
    /// clips, with <see cref="ObjectDisposedException"/> when the batcher is disposed before they ran, and is
    /// cancelled when <paramref name="cancellationToken"/> is.
    /// </summary>
    public Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<float[]> clips, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (Volatile.Read(ref _disposed))
        {
            return Task.FromException<IReadOnlyList<float[]>>(new ObjectDisposedException(nameof(DynamicBatcher)));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<float[]>>(cancellationToken);
        }

        if (clips.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<float[]>>([]);
        }

        var request = new BatchRequest(clips.Count);
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before queueing: a cancellation that fires meanwhile completes the request, and then nothing is queued.
            request.Registration = cancellationToken.Register(static (state, token) =>
            {
                var (batcher, cancelled) = ((DynamicBatcher, BatchRequest))state!;
                if (cancelled.TryCancel(token))
                {
                    batcher.Forget(cancelled);
                }
            }, (this, request));
        }

        var now = _time.GetTimestamp();
        var disposed = false;
        lock (_sync)
        {
            if (_disposed)
            {
                disposed = true;
            }
            else if (!request.IsCompleted)
            {
                for (var i = 0; i < clips.Count; i++)
                {
                    _queue.Add(new QueuedClip(request, i, clips[i], now));
                }

                // All runners: one waiting on MaxWait may now have a full group, an idle one may take the rest.
                Monitor.PulseAll(_sync);
            }
        }

        if (disposed)
        {
            request.TryFail(new ObjectDisposedException(nameof(DynamicBatcher)));
        }

        return request.Task;
    }

    public float[] Embed(ReadOnlySpan<float> samples16kMono) => EmbedAsync([samples16kMono.ToArray()]).GetAwaiter().GetResult()[0];

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips) => EmbedAsync(clips).GetAwaiter().GetResult();

    /// <summary>
    /// Stops the runners: queued requests fail with <see cref="ObjectDisposedException"/>, runs in progress finish
    /// (their vectors still reach requests that have no other clips queued), and this returns once they have,
    /// so the inner embedder can be disposed next. Idempotent. Does not dispose <see cref="Inner"/>.
    /// </summary>
    public void Dispose()
    {
        List<QueuedClip> dropped;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            dropped = _queue.Drain();
            Monitor.PulseAll(_sync);
        }

        foreach (var request in dropped.Select(c => c.Request).Distinct())
        {
            request.TryFail(new ObjectDisposedException(nameof(DynamicBatcher)));
        }

        foreach (var runner in _runners)
        {
            if (runner != Thread.CurrentThread)
            {
                runner.Join();
            }
        }
    }
}
