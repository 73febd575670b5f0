namespace EmotionGrid.Storage.Blobs;

public sealed class BlobAlreadyExistsException(string key) : Exception($"blob '{key}' already exists")
{
    public string Key { get; } = key;
}
