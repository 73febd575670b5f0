namespace EmotionGrid.Contracts.Files;

/// <summary>Counts of files by status and by predicted emotion, for the dashboard header and the CLI's <c>status</c>; plus how this silo embeds.</summary>
public sealed record CatalogSummary(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    string Embedder,
    IReadOnlyDictionary<string, int>? ByEmotion = null,
    EmbedderRuntime? EmbedderRuntime = null);
