namespace EmotionGrid.Audio.Batching;

/// <summary>
/// The clips waiting for a run, oldest first, and the rule that picks the next run's group. Not thread-safe:
/// <see cref="DynamicBatcher"/> calls it under its lock.
/// </summary>
internal sealed class BatchQueue
{
    private readonly List<QueuedClip> _clips = [];

    public int Count => _clips.Count;

    public QueuedClip Oldest => _clips[0];

    public void Add(QueuedClip clip) => _clips.Add(clip);

    /// <summary>Removes the request's clips (it failed or was cancelled: running them would waste others' time).</summary>
    public void Remove(BatchRequest request) => _clips.RemoveAll(c => c.Request == request);

    /// <summary>Removes and returns every queued clip.</summary>
    public List<QueuedClip> Drain()
    {
        var all = new List<QueuedClip>(_clips);
        _clips.Clear();
        return all;
    }

    public GroupPlan Plan(int maxBatch, long maxPaddedSamples, bool canPad) =>
        PlanGroup(_clips.ConvertAll(c => c.Length), maxBatch, maxPaddedSamples, canPad);

    /// <summary>Removes the planned clips from the queue and returns them in the plan's order.</summary>
    public List<QueuedClip> Take(GroupPlan plan)
    {
        var group = new List<QueuedClip>(plan.Indices.Length);
        var taken = new bool[_clips.Count];
        foreach (var index in plan.Indices)
        {
            group.Add(_clips[index]);
            taken[index] = true;
        }

        var kept = 0;
        for (var i = 0; i < _clips.Count; i++)
        {
            if (!taken[i])
            {
                _clips[kept++] = _clips[i];
            }
        }

        _clips.RemoveRange(kept, _clips.Count - kept);
        return group;
    }

    /// <summary>
    /// Picks the next run from queued clip lengths (oldest first). The anchor is the oldest clip, so no clip waits
    /// behind ever-better-fitting newcomers. Then the others join in order of how close their length is to the
    /// anchor's (ties: older first), since padded work is count × longest; a clip is skipped (a later, shorter one
    /// may still fit) when it would make the group exceed <paramref name="maxBatch"/> clips or
    /// <paramref name="maxPaddedSamples"/>. Without <paramref name="canPad"/> only clips of exactly the anchor's
    /// length join. The anchor runs even when it alone exceeds the padded bound.
    /// </summary>
    public static GroupPlan PlanGroup(IReadOnlyList<int> lengths, int maxBatch, long maxPaddedSamples, bool canPad)
    {
        if (lengths.Count == 0)
        {
            return new([], IsFull: false);
        }

        var anchor = lengths[0];
        var candidates = new List<int>(lengths.Count - 1);
        for (var i = 1; i < lengths.Count; i++)
        {
            if (canPad || lengths[i] == anchor)
            {
                candidates.Add(i);
            }
        }

        candidates.Sort((a, b) =>
        {
            var closeness = Math.Abs((long)lengths[a] - anchor).CompareTo(Math.Abs((long)lengths[b] - anchor));
            return closeness != 0 ? closeness : a.CompareTo(b);
        });

        var group = new List<int>(Math.Min(maxBatch, lengths.Count)) { 0 };
        long longest = anchor;
        foreach (var candidate in candidates)
        {
            if (group.Count == maxBatch)
            {
                break;
            }

            var widened = Math.Max(longest, lengths[candidate]);
            if ((group.Count + 1) * widened <= maxPaddedSamples)
            {
                group.Add(candidate);
                longest = widened;
            }
        }

        // A clip arriving later pads to at least the current longest, so when one more of that length would not fit,
        // no clip can join and waiting for one would only add latency.
        var isFull = group.Count >= maxBatch || (group.Count + 1) * longest > maxPaddedSamples;
        return new([.. group], isFull);
    }
}
