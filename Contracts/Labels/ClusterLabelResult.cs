namespace EmotionGrid.Contracts.Labels;

/// <summary><c>PUT /api/clusters/{clusterId}/label</c>: how many unlabelled members got the (weak) label.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.clusterLabelResult")]
public sealed record ClusterLabelResult(int ClusterId, string Emotion, int Labelled);
