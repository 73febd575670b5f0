namespace EmotionGrid.Storage.Blobs;

public sealed class BlobNotFoundException(string key) : Exception($"blob '{key}' does not exist")
{
    public string Key { get; } = key;
}
