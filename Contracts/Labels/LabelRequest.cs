namespace EmotionGrid.Contracts.Labels;

/// <summary>Body of <c>PUT /api/files/{id}/label</c> and <c>PUT /api/clusters/{clusterId}/label</c>.</summary>
public sealed record LabelRequest(string Emotion);
