namespace EmotionGrid.Storage.Models;

/// <summary>A published model version: its blob (<c>models/v&lt;N&gt;/model.json</c>), what it embeds with, its metrics as JSON.</summary>
public sealed record ModelVersionRecord(
    int Version,
    string Embedder,
    int Dimension,
    string ModelBlob,
    string MetricsJson,
    DateTimeOffset CreatedAt,
    bool Active);
