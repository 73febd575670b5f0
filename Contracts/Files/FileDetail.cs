namespace EmotionGrid.Contracts.Files;

/// <summary>
/// One file with everything the catalog knows of it: other names its content arrived under and, for a
/// long file, its segments (empty for a file of one segment).
/// </summary>
public sealed record FileDetail(
    FileSummary File,
    IReadOnlyList<string> Aliases,
    string AudioBlob,
    string? VectorBlob,
    int? VectorDimension,
    IReadOnlyList<string> Warnings,
    int Attempts,
    IReadOnlyList<FileSegment> Segments,
    Transcript? Transcript = null);
