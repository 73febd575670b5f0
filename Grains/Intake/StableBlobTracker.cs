using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// Decides when a blob in the bucket is ready to read: its size and modification time must be unchanged
/// for <c>stableFor</c>, so a file still being copied in is left alone. Each blob is handed out once
/// while it stays in the bucket; a blob that leaves and comes back is new again.
/// </summary>
public sealed class StableBlobTracker(TimeSpan stableFor, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, Observation> _seen = new(StringComparer.Ordinal);

    /// <summary>Feeds one full listing of the bucket; returns the blobs that just became stable.</summary>
    public IReadOnlyList<BlobItem> Observe(IEnumerable<BlobItem> listing)
    {
        var now = _clock.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        var ready = new List<BlobItem>();
        foreach (var blob in listing)
        {
            present.Add(blob.Key);
            if (!_seen.TryGetValue(blob.Key, out var previous) || previous.Size != blob.Size || previous.LastModified != blob.LastModified)
            {
                _seen[blob.Key] = new Observation(blob.Size, blob.LastModified, now, Handed: false);
                continue;
            }

            if (!previous.Handed && now - previous.Since >= stableFor)
            {
                _seen[blob.Key] = previous with { Handed = true };
                ready.Add(blob);
            }
        }

        foreach (var gone in _seen.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _seen.Remove(gone);
        }

        return ready;
    }

    /// <summary>True while some blob has been seen but not yet handed out (it is still settling).</summary>
    public bool HasUnsettled => _seen.Values.Any(o => !o.Handed);

    /// <summary>Lets a blob be handed out again (its intake failed and should be retried on a later scan).</summary>
    public void Forget(string key) => _seen.Remove(key);

    private sealed record Observation(long Size, DateTimeOffset LastModified, DateTimeOffset Since, bool Handed);
}
