namespace EmotionGrid.Contracts.Clusters;

public sealed record ClusterPoint(string FileId, string Name, double X, double Y, int Cluster, string? Emotion);
