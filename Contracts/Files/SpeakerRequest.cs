namespace EmotionGrid.Contracts.Files;

/// <summary>Body of <c>PUT /api/files/{id}/speaker</c>: who speaks in the file (1–64 letters, digits, '.', '_' or '-').</summary>
public sealed record SpeakerRequest(string? Speaker);
