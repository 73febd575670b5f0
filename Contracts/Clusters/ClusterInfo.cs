namespace EmotionGrid.Contracts.Clusters;

/// <summary>One cluster: its size, the emotion a person named it (or its members' most common label), the label histogram and representative files (nearest the centre).</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.clusterInfo")]
public sealed record ClusterInfo(int Id, int Size, string? Emotion, IReadOnlyDictionary<string, int> LabelCounts, IReadOnlyList<string> SampleFileIds);
