namespace EmotionGrid.Contracts.Files;

/// <summary>A page of <see cref="FileSummary"/> rows and the total that match the query.</summary>
public sealed record FilePage(IReadOnlyList<FileSummary> Items, int Total, int Page, int PageSize);
