namespace EmotionGrid.Contracts.Labels;

/// <summary><c>POST /api/labels</c>: labels applied, speakers set (rows with a speaker, with or without an emotion), and the names/ids that matched no file.</summary>
public sealed record LabelImportResult(int Applied, IReadOnlyList<string> Unknown, int SpeakersSet = 0);
