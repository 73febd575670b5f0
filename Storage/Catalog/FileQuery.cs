namespace EmotionGrid.Storage.Catalog;

/// <summary>
/// Filter, order and page for listing files. <see cref="Text"/> matches names, aliases and id prefixes;
/// <see cref="Emotion"/> the predicted emotion;
/// <see cref="Speaker"/> who speaks (exact, case kept); <see cref="Sort"/> one of <see cref="SortKeys"/> (default: newest first).
/// </summary>
public sealed record FileQuery(
    string? Status = null,
    string? Text = null,
    int Page = 1,
    int PageSize = 50,
    string? Emotion = null,
    string? Sort = null,
    bool Descending = true,
    string? Speaker = null)
{
    public static IReadOnlyList<string> SortKeys { get; } = ["name", "status", "duration", "emotion", "confidence", "createdAt", "updatedAt"];
}
