using System.Security.Cryptography;
using System.Text;
using EmotionGrid.Audio;
using EmotionGrid.Contracts.Clusters;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Labels;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Clustering;

/// <summary>
/// The clusters people look at and name. The clustering is recomputed when the set of embedded files
/// changes (deterministic for a seed, so unchanged data keeps its cluster ids); labels are read fresh
/// for every view. Naming a cluster gives its unlabelled members a weak label.
/// </summary>
public sealed class ClusteringService(IFileCatalog catalog, VectorReader vectors, IAudioEmbedder embedder, TrainingSettings settings)
{
    private readonly SemaphoreSlim _computing = new(1, 1);
    private volatile ClusterMap? _latest;

    public async Task<ClusterMap> CurrentAsync(CancellationToken cancellationToken = default) =>
        await CurrentAsync(await catalog.ListEmbeddedAsync(embedder.Id, cancellationToken), cancellationToken);

    private async Task<ClusterMap> CurrentAsync(IReadOnlyList<LabelledFile> files, CancellationToken cancellationToken)
    {
        var signature = Signature(files);
        if (_latest is { } cached && cached.Signature == signature)
        {
            return cached;
        }

        await _computing.WaitAsync(cancellationToken);
        try
        {
            if (_latest is { } fresh && fresh.Signature == signature)
            {
                return fresh;
            }

            var snapshot = await vectors.SnapshotAsync(files, cancellationToken);
            var map = ClusterMapBuilder.Build(embedder.Id, signature, snapshot, settings.EffectiveClusters, settings.Seed);
            _latest = map;
            return map;
        }
        finally
        {
            _computing.Release();
        }
    }

    /// <summary>Clusters a training snapshot (the run's own view) and makes it the current map.</summary>
    public ClusterMap Adopt(TrainingSnapshot snapshot)
    {
        var map = ClusterMapBuilder.Build(embedder.Id, Signature(snapshot.Files), snapshot, settings.EffectiveClusters, settings.Seed);
        _latest = map;
        return map;
    }

    public async Task<ClusterView> ViewAsync(CancellationToken cancellationToken = default)
    {
        var files = await catalog.ListEmbeddedAsync(embedder.Id, cancellationToken);
        var map = await CurrentAsync(files, cancellationToken);
        var labels = files.ToDictionary(f => f.Id, f => f.Label);
        var (nmi, ari) = ClusterMapBuilder.Agreement(map, labels, settings.Emotions);
        var clusters = Enumerable.Range(0, map.K).Select(c =>
        {
            var counts = map.Members(c).Select(id => labels.GetValueOrDefault(id)).OfType<string>()
                .GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            var emotion = map.ClusterNames.GetValueOrDefault(c) ?? counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).FirstOrDefault();
            return new ClusterInfo(c, map.Members(c).Count(), emotion, counts, map.Representatives[c]);
        }).ToList();
        var points = Enumerable.Range(0, map.FileIds.Count).Select(i =>
            new ClusterPoint(map.FileIds[i], map.Names[i], Math.Round(map.Points[i].X, 5), Math.Round(map.Points[i].Y, 5), map.Assignments[i], labels.GetValueOrDefault(map.FileIds[i]))).ToList();
        return new ClusterView(map.K, clusters, points, map.Embedder, nmi, ari);
    }

    /// <summary>A person names cluster <paramref name="clusterId"/>: its members without a stronger label get a weak one.</summary>
    public async Task<ClusterLabelResult> NameAsync(int clusterId, string emotion, CancellationToken cancellationToken = default)
    {
        var map = await CurrentAsync(cancellationToken);
        if (clusterId < 0 || clusterId >= map.K)
        {
            throw new KeyNotFoundException($"there is no cluster {clusterId}; the current clustering has clusters 0–{map.K - 1}");
        }

        var labelled = 0;
        foreach (var id in map.Members(clusterId))
        {
            if (await catalog.SetLabelAsync(id, emotion, LabelSource.Cluster, cancellationToken: cancellationToken))
            {
                labelled++;
            }
        }

        _latest = map with { ClusterNames = new Dictionary<int, string>(map.ClusterNames) { [clusterId] = emotion } };
        return new ClusterLabelResult(clusterId, emotion, labelled);
    }

    private static string Signature(IReadOnlyList<LabelledFile> files) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', files.Select(f => f.Id)))));
}
