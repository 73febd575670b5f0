using EmotionGrid.Contracts.Clusters;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Contracts.Labels;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Clusters;

namespace EmotionGrid.Grains.Clustering;

/// <summary>
/// The clusters people look at and name, for one embedder (the key). The clustering is recomputed when the
/// set of embedded files changes (deterministic for a seed, so unchanged data keeps its cluster ids) on the
/// thread pool; labels are read fresh for every view. Names are kept per clustering in the
/// <see cref="IClusterNameStore"/>; naming a cluster gives its unlabelled members a weak label.
/// </summary>
public sealed class ClusteringGrain(IFileCatalog catalog, IClusterNameStore names, VectorReader vectors, TrainingSettings settings)
    : Grain, IClusteringGrain
{
    private ClusterMap? _latest;

    private string Embedder => this.GetPrimaryKeyString();

    public async Task<ClusterView> ViewAsync()
    {
        var files = await catalog.ListEmbeddedAsync(Embedder);
        var map = await CurrentAsync(files);
        var clusterNames = await names.GetAsync(Embedder, map.Signature);
        var labels = files.ToDictionary(f => f.Id, f => f.Label);
        var (nmi, ari) = ClusterMapBuilder.Agreement(map, labels, settings.Emotions);
        var speakerNmi = ClusterMapBuilder.SpeakerAgreement(map, files.ToDictionary(f => f.Id, f => f.Speaker));
        var clusters = Enumerable.Range(0, map.K).Select(c =>
        {
            var counts = map.Members(c).Select(id => labels.GetValueOrDefault(id)).OfType<string>()
                .GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            var emotion = clusterNames.GetValueOrDefault(c) ?? counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).FirstOrDefault();
            return new ClusterInfo(c, map.Members(c).Count(), emotion, counts, map.Representatives[c]);
        }).ToList();
        var points = Enumerable.Range(0, map.FileIds.Count).Select(i =>
            new ClusterPoint(map.FileIds[i], map.Names[i], Math.Round(map.Points[i].X, 5), Math.Round(map.Points[i].Y, 5), map.Assignments[i], labels.GetValueOrDefault(map.FileIds[i]))).ToList();
        return new ClusterView(map.K, clusters, points, map.Embedder, nmi, ari, speakerNmi, settings.Normalisation);
    }

    public async Task<ClusterLabelResult> NameAsync(int clusterId, string emotion)
    {
        var map = await CurrentAsync(await catalog.ListEmbeddedAsync(Embedder));
        if (clusterId < 0 || clusterId >= map.K)
        {
            throw new UnknownClusterException($"there is no cluster {clusterId}; the current clustering has clusters 0–{map.K - 1}");
        }

        await names.SetAsync(Embedder, map.Signature, clusterId, emotion);
        var labelled = 0;
        foreach (var id in map.Members(clusterId))
        {
            if (await catalog.SetLabelAsync(id, emotion, LabelSource.Cluster))
            {
                labelled++;
            }
        }

        return new ClusterLabelResult(clusterId, emotion, labelled);
    }

    /// <summary>Throws <see cref="NotEnoughFilesException"/> when there are too few files to cluster.</summary>
    private async Task<ClusterMap> CurrentAsync(IReadOnlyList<LabelledFile> files)
    {
        var signature = ClusterMapBuilder.Signature(files);
        if (_latest is { } cached && cached.Signature == signature)
        {
            return cached;
        }

        // Reading every vector and k-means are the heavy part: both on the thread pool, not this grain's turn.
        var embedder = Embedder;
        _latest = await Task.Run(async () =>
        {
            var snapshot = await vectors.SnapshotAsync(files, CancellationToken.None);
            return ClusterMapBuilder.Build(embedder, signature, snapshot, settings.EffectiveClusters, settings.Seed,
                SnapshotNormalisation.Normalise(snapshot, settings.Normalisation, settings.MinSpeakerFiles));
        });
        return _latest;
    }
}
