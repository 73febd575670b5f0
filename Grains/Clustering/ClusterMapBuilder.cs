using EmotionGrid.Storage.Catalog;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning;

namespace EmotionGrid.Grains.Clustering;

/// <summary>
/// Standardise → k-means (k-means++, restarts) → 2-D PCA view → representatives nearest each centre. Given
/// speaker-normalised vectors (<see cref="SnapshotNormalisation"/>), the clusters follow emotions rather than voices.
/// </summary>
public static class ClusterMapBuilder
{
    private const int Representatives = 5;

    public static ClusterMap Build(string embedder, string signature, TrainingSnapshot snapshot, int k, int seed, IReadOnlyList<float[]>? normalised = null)
    {
        if (snapshot.Files.Count < 2)
        {
            throw new NotEnoughFilesException($"clustering needs at least 2 embedded files; there are {snapshot.Files.Count}");
        }

        k = Math.Clamp(k, 1, snapshot.Files.Count);
        var vectors = normalised ?? snapshot.Vectors;
        var standardized = Standardizer.Fit([.. vectors]).Transform([.. vectors]);
        var clusters = KMeans.Fit(standardized, k, restarts: 10, seed: seed);
        var pca = Pca.Fit(standardized, Math.Min(2, standardized.Length - 1)); // n points span at most n − 1 axes
        var points = standardized.Select(v =>
        {
            var p = pca.Transform(v);
            return ((double)p[0], p.Length > 1 ? (double)p[1] : 0d);
        }).ToList();

        var representatives = Enumerable.Range(0, k).Select(c => (IReadOnlyList<string>)Enumerable.Range(0, standardized.Length)
                .Where(i => clusters.Assignments[i] == c)
                .OrderBy(i => SquaredDistance(standardized[i], clusters.Centroids[c]))
                .Take(Representatives)
                .Select(i => snapshot.Files[i].Id)
                .ToList())
            .ToList();

        return new ClusterMap(embedder, signature, k, snapshot.Files.Select(f => f.Id).ToList(), snapshot.Files.Select(f => f.Name).ToList(),
            clusters.Assignments, points, representatives);
    }

    /// <summary>
    /// Identifies a set of files (ids in order, with their speakers, which shape the normalisation): an unchanged
    /// set keeps its clustering and its cluster names.
    /// </summary>
    public static string Signature(IReadOnlyList<LabelledFile> files) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join(',', files.Select(f => $"{f.Id}:{f.Speaker}")))));

    /// <summary>NMI between clusters and speakers, over the files with a known speaker (null with fewer than two such files).</summary>
    public static double? SpeakerAgreement(ClusterMap map, IReadOnlyDictionary<string, string?> speakers)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var truth = new List<int>();
        var found = new List<int>();
        for (var i = 0; i < map.FileIds.Count; i++)
        {
            if (speakers.TryGetValue(map.FileIds[i], out var speaker) && !string.IsNullOrEmpty(speaker))
            {
                truth.Add(names.TryGetValue(speaker, out var index) ? index : names[speaker] = names.Count);
                found.Add(map.Assignments[i]);
            }
        }

        return truth.Count < 2 ? null : ClusterAgreement.NormalizedMutualInformation([.. truth], [.. found]);
    }

    /// <summary>NMI and ARI between clusters and labels, over the files whose label is in the label set.</summary>
    public static (double? Nmi, double? Ari) Agreement(ClusterMap map, IReadOnlyDictionary<string, string?> labels, IReadOnlyList<string> emotions)
    {
        var truth = new List<int>();
        var found = new List<int>();
        for (var i = 0; i < map.FileIds.Count; i++)
        {
            if (labels.TryGetValue(map.FileIds[i], out var label) && label is not null && emotions.Contains(label))
            {
                truth.Add(emotions.ToList().IndexOf(label));
                found.Add(map.Assignments[i]);
            }
        }

        return truth.Count < 2
            ? (null, null)
            : (ClusterAgreement.NormalizedMutualInformation([.. truth], [.. found]), ClusterAgreement.AdjustedRandIndex([.. truth], [.. found]));
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}
