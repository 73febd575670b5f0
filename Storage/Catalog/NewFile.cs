namespace EmotionGrid.Storage.Catalog;

public sealed record NewFile(string Id, string Name, string AudioBlob, long SizeBytes);
