namespace EmotionGrid.Contracts.Files;

/// <summary>Counts of files by status, for the dashboard header and the CLI's <c>status</c>.</summary>
public sealed record CatalogSummary(int Total, IReadOnlyDictionary<string, int> ByStatus, string Embedder);
