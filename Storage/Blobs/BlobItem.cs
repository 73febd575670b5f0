namespace EmotionGrid.Storage.Blobs;

public sealed record BlobItem(string Key, long Size, DateTimeOffset LastModified)
{
    /// <summary>The last path segment of the key: the file's name.</summary>
    public string Name => Key[(Key.LastIndexOf('/') + 1)..];
}
