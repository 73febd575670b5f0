namespace EmotionGrid.Contracts.Clusters;

[GenerateSerializer, Immutable, Alias("emotiongrid.clusterPoint")]
public sealed record ClusterPoint(string FileId, string Name, double X, double Y, int Cluster, string? Emotion);
