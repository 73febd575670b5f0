namespace EmotionGrid.Contracts.Clusters;

/// <summary><c>GET /api/clusters</c>: k-means clusters of the embedded files and their 2-D PCA positions.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.clusterView")]
public sealed record ClusterView(int K, IReadOnlyList<ClusterInfo> Clusters, IReadOnlyList<ClusterPoint> Points, string Embedder, double? Nmi, double? Ari);
