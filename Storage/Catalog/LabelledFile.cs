namespace EmotionGrid.Storage.Catalog;

/// <summary>What training needs of an embedded file: where its vector is, its label (if any) and its speaker group.</summary>
public sealed record LabelledFile(string Id, string Name, string VectorBlob, string? SegmentsBlob, string? Label, string? LabelSource, string? Speaker);
