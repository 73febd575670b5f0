namespace EmotionGrid.Audio.Batching;

// The runner side: waiting for a group, running it, handing out vectors.
public sealed partial class DynamicBatcher
{
    private void RunLoop()
    {
        // Wakes this runner when the anchor's MaxWait ends; a TimeProvider timer so tests can drive time.
        using var deadline = _time.CreateTimer(static state => ((DynamicBatcher)state!).WakeRunners(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (NextGroup(deadline) is { } group)
        {
            Run(group);
        }
    }

    /// <summary>Blocks until a group should run and takes it from the queue; null once disposed.</summary>
    private List<QueuedClip>? NextGroup(ITimer deadline)
    {
        lock (_sync)
        {
            while (true)
            {
                if (_disposed)
                {
                    return null;
                }

                if (_queue.Count == 0)
                {
                    Monitor.Wait(_sync);
                    continue;
                }

                var plan = _queue.Plan(Options.MaxBatch, _maxBatchSamples, Inner.CanPadClips);
                if (!plan.IsFull && Options.MaxWait > TimeSpan.Zero)
                {
                    var left = Options.MaxWait - _time.GetElapsedTime(_queue.Oldest.EnqueuedAt);
                    if (left > TimeSpan.Zero)
                    {
                        // Re-planned on every wake: arrivals, cancellations and the deadline all change the answer.
                        deadline.Change(left, Timeout.InfiniteTimeSpan);
                        Monitor.Wait(_sync);
                        continue;
                    }
                }

                deadline.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return _queue.Take(plan);
            }
        }
    }

    private void WakeRunners()
    {
        lock (_sync)
        {
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Runs a group outside the lock; on failure retries its clips alone so only the failing clip's request fails.</summary>
    private void Run(List<QueuedClip> group)
    {
        // A request cancelled or failed between planning and now needs no more work.
        group.RemoveAll(c => c.Request.IsCompleted);
        if (group.Count == 0)
        {
            return;
        }

        var (vectors, error) = Invoke(group);
        if (vectors is not null)
        {
            Deliver(group, vectors);
            return;
        }

        if (group.Count == 1)
        {
            Fail(group[0].Request, error!);
            return;
        }

        foreach (var clip in group)
        {
            if (clip.Request.IsCompleted)
            {
                continue; // already failed by another of its clips, or cancelled
            }

            List<QueuedClip> alone = [clip];
            (vectors, error) = Invoke(alone);
            if (vectors is not null)
            {
                Deliver(alone, vectors);
            }
            else
            {
                Fail(clip.Request, error!);
            }
        }
    }

    private (IReadOnlyList<float[]>? Vectors, Exception? Error) Invoke(List<QueuedClip> group)
    {
        var clips = group.ConvertAll(c => c.Samples);
        lock (_statisticsSync)
        {
            // Counted when the run starts, so a caller that has its vectors also sees the run that made them.
            _statistics = _statistics.Add(clips);
        }

        try
        {
            var vectors = Inner.EmbedBatch(clips);
            return vectors?.Count == clips.Count
                ? (vectors, null)
                : (null, new InvalidOperationException($"{Inner.Id} returned {vectors?.Count ?? 0} vectors for {clips.Count} clips"));
        }
#pragma warning disable CA1031 // Any failure of the inner embedder belongs to the requests, never to the runner thread.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return (null, error);
        }
    }

    private static void Deliver(List<QueuedClip> group, IReadOnlyList<float[]> vectors)
    {
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Request.SetVector(group[i].Index, vectors[i]);
        }
    }

    private void Fail(BatchRequest request, Exception error)
    {
        if (request.TryFail(error))
        {
            Forget(request);
        }
    }

    /// <summary>Drops a completed request's queued clips, so they take no model time from others.</summary>
    private void Forget(BatchRequest request)
    {
        lock (_sync)
        {
            _queue.Remove(request);
        }
    }
}
