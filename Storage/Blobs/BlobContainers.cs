namespace EmotionGrid.Storage.Blobs;

/// <summary>The bucket's containers (folders under the data root in embedded mode).</summary>
public static class BlobContainers
{
    /// <summary>The watched bucket: files dropped here are processed.</summary>
    public const string Incoming = "incoming";
    public const string Processed = "processed";
    public const string Failed = "failed";
    public const string Embeddings = "embeddings";
    public const string Models = "models";

    public static IReadOnlyList<string> All { get; } = [Incoming, Processed, Failed, Embeddings, Models];

    public static string Key(string container, string name) => $"{container}/{name}";
}
