namespace EmotionGrid.Storage.Catalog;

/// <summary>A file to register; a label and speaker known from its name (dataset conventions) are stored with it.</summary>
public sealed record NewFile(string Id, string Name, string AudioBlob, long SizeBytes, string? Label = null, string? Speaker = null);
