namespace EmotionGrid.Contracts.Files;

/// <summary>What <c>POST /api/files</c> answers for each part it stored.</summary>
public sealed record UploadedFile(string Id, string Name, string Status);
