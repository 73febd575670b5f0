namespace EmotionGrid.Storage.Azure;

/// <summary>Where the bucket lives in Azure Blob storage (or Azurite), and how long to wait for it.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>An Azure Storage connection string (account key or SAS); required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The one Azure container that holds the whole bucket; the port's containers are name prefixes in it.</summary>
    public string Container { get; set; } = "emotiongrid";

    /// <summary>
    /// The REST API version to speak, like <c>2026-06-06</c>; null means the SDK's default. Azurite 3.37 rejects
    /// versions newer than 2026-06-06 unless it runs with <c>--skipApiVersionCheck</c>.
    /// </summary>
    public string? ServiceVersion { get; set; }

    /// <summary>Retries per request; the SDK's default (with its back-off) keeps a dead endpoint busy ~25 s per call.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long one network operation may take before it is retried or fails.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Blobs per listing page; null means the service's maximum (5000). Small values exercise paging in tests.</summary>
    public int? ListPageSize { get; set; }
}
