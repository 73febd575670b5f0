namespace EmotionGrid.Contracts.Files;

/// <summary>The life of a file in the catalog: queued → processing → embedded | failed.</summary>
public static class FileStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Embedded = "embedded";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Queued, Processing, Embedded, Failed];

    public static bool IsKnown(string? status) => status is Queued or Processing or Embedded or Failed;
}
