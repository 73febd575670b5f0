namespace EmotionGrid.Contracts.Labels;

/// <summary><c>POST /api/labels</c>: rows applied, and the names/ids that matched no file.</summary>
public sealed record LabelImportResult(int Applied, IReadOnlyList<string> Unknown);
