namespace EmotionGrid.Storage.Catalog;

/// <summary>What the AudioFileGrain learned about a file, written with the <c>embedded</c> status.</summary>
public sealed record EmbeddingResult(
    double DurationSeconds,
    int SampleRate,
    int Channels,
    string Embedder,
    int VectorDimension,
    string VectorBlob,
    string AudioBlob,
    IReadOnlyList<string> Warnings);
