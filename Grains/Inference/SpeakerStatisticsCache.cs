using System.Collections.Concurrent;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// Each speaker's statistics for the active model, from all of the speaker's embedded files in the catalog
/// (labelled or not), per silo. The catalog is the truth: an entry is re-checked after <see cref="RefreshInterval"/>
/// and recomputed when the speaker's set of files changed, so a speaker's new files update their statistics
/// (and re-scoring applies them). Null when the model does not normalise by speaker, no speaker is given, or the
/// speaker has fewer files than the model's minimum (the model then falls back to global statistics).
/// </summary>
public sealed class SpeakerStatisticsCache(IFileCatalog catalog, VectorReader vectors, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(int Version, string Speaker), Entry> _entries = new();
    private volatile Listing? _listing; // a reference, so readers outside the gate never see a torn value
    private readonly SemaphoreSlim _listingGate = new(1, 1);

    public async Task<SpeakerStatistics?> GetAsync(ActiveModel model, string? speaker, CancellationToken cancellationToken)
    {
        if (!model.UsesSpeakerStatistics || string.IsNullOrEmpty(speaker))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var key = (model.Version, speaker);
        if (_entries.TryGetValue(key, out var cached) && now - cached.CheckedAt < RefreshInterval)
        {
            return cached.Statistics;
        }

        var files = (await ListingAsync(model.Embedder, now, cancellationToken))[speaker].OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        var signature = string.Join(',', files.Select(f => f.Id));
        if (cached is not null && cached.Signature == signature)
        {
            _entries[key] = cached with { CheckedAt = now };
            return cached.Statistics;
        }

        SpeakerStatistics? statistics = null;
        if (files.Count >= model.Normalizer!.MinSpeakerFiles)
        {
            var rows = new List<float[]>(files.Count);
            foreach (var file in files)
            {
                rows.Add(await vectors.ReadAsync(file.VectorBlob, cancellationToken));
            }

            statistics = SpeakerStatistics.Compute(speaker, rows, model.Normalizer.Global);
        }

        _entries[key] = new Entry(signature, statistics, now);
        return statistics;
    }

    /// <summary>Forgets everything, so the next lookups read the catalog (a re-scoring pass starts fresh).</summary>
    public void Invalidate()
    {
        _entries.Clear();
        _listing = null;
    }

    /// <summary>One listing of the embedder's files serves every speaker for a refresh interval.</summary>
    private async Task<ILookup<string, LabelledFile>> ListingAsync(string embedder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_listing is { } l && l.Embedder == embedder && now - l.At < RefreshInterval)
        {
            return l.BySpeaker;
        }

        await _listingGate.WaitAsync(cancellationToken);
        try
        {
            if (_listing is { } again && again.Embedder == embedder && now - again.At < RefreshInterval)
            {
                return again.BySpeaker;
            }

            var files = await catalog.ListEmbeddedAsync(embedder, cancellationToken);
            var bySpeaker = files.Where(f => !string.IsNullOrEmpty(f.Speaker)).ToLookup(f => f.Speaker!, StringComparer.Ordinal);
            _listing = new Listing(embedder, time.GetUtcNow(), bySpeaker);
            return bySpeaker;
        }
        finally
        {
            _listingGate.Release();
        }
    }

    private sealed record Listing(string Embedder, DateTimeOffset At, ILookup<string, LabelledFile> BySpeaker);

    private sealed record Entry(string Signature, SpeakerStatistics? Statistics, DateTimeOffset CheckedAt);
}
