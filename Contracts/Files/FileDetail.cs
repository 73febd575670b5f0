namespace EmotionGrid.Contracts.Files;

/// <summary>One file with everything the catalog knows of it, including other names its content arrived under.</summary>
public sealed record FileDetail(
    FileSummary File,
    IReadOnlyList<string> Aliases,
    string AudioBlob,
    string? VectorBlob,
    int? VectorDimension,
    IReadOnlyList<string> Warnings,
    int Attempts);
