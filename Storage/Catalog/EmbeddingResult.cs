using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Storage.Catalog;

/// <summary>
/// What the AudioFileGrain learned about a file, written with the <c>embedded</c> status. Long files
/// also carry their segments and the 2-D <c>.npy</c> of the segment vectors (one row per segment); with transcription
/// on, what was said (null when off).
/// </summary>
public sealed record EmbeddingResult(
    double DurationSeconds,
    int SampleRate,
    int Channels,
    string Embedder,
    int VectorDimension,
    string VectorBlob,
    string AudioBlob,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<FileSegment>? Segments = null,
    string? SegmentsBlob = null,
    Transcript? Transcript = null);
