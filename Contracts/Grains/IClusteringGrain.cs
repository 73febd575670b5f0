using EmotionGrid.Contracts.Clusters;
using EmotionGrid.Contracts.Labels;

namespace EmotionGrid.Contracts.Grains;

/// <summary>
/// The clusters of one embedder's vectors (key = embedder id): k-means, a 2-D PCA view, and the names
/// people give clusters (kept in the catalog, so they survive a restart).
/// </summary>
public interface IClusteringGrain : IGrainWithStringKey
{
    /// <summary>Reads every vector and clusters them when the set of files changed: minutes for a very large catalog.</summary>
    [ResponseTimeout("00:05:00")]
    Task<ClusterView> ViewAsync();

    /// <summary>Names a cluster: its members without a stronger label get a weak one. Throws KeyNotFoundException for an unknown cluster.</summary>
    [ResponseTimeout("00:05:00")]
    Task<ClusterLabelResult> NameAsync(int clusterId, string emotion);
}
