namespace EmotionGrid.Contracts.Files;

/// <summary>
/// What <c>POST /api/files</c> answers for each part it stored. <c>Speaker</c> is the file's speaker in the catalog:
/// the one sent with the upload, else one read from a dataset file name, else null.
/// </summary>
public sealed record UploadedFile(string Id, string Name, string Status, string? Speaker = null);
