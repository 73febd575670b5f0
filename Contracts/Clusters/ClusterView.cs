namespace EmotionGrid.Contracts.Clusters;

/// <summary>
/// <c>GET /api/clusters</c>: k-means clusters of the embedded files (on speaker-normalised vectors when
/// <see cref="Normalisation"/> is <c>speaker</c>) and their 2-D PCA positions; <see cref="Nmi"/>/<see cref="Ari"/>
/// compare the clusters with the emotion labels, <see cref="SpeakerNmi"/> with the speakers (lower is better: the
/// clusters should follow emotions, not voices).
/// </summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.clusterView")]
public sealed record ClusterView(int K, IReadOnlyList<ClusterInfo> Clusters, IReadOnlyList<ClusterPoint> Points, string Embedder, double? Nmi, double? Ari,
    double? SpeakerNmi = null, string Normalisation = "global");
