namespace EmotionGrid.Storage.Blobs;

/// <summary>
/// The blob-store port. Keys are <c>container/path</c> (for example <c>incoming/a.wav</c>);
/// containers are listed in <see cref="BlobContainers"/>. Adapters: <c>FileSystem.FileSystemBlobStore</c>
/// (embedded mode) and, in distributed mode, Azure Blob storage.
/// </summary>
public interface IBlobStore
{
    /// <summary>Opens a blob for reading. Throws <see cref="BlobNotFoundException"/> when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="key"/> atomically: readers see the whole blob or none.
    /// Throws <see cref="BlobAlreadyExistsException"/> when the key exists and <paramref name="overwrite"/> is false.
    /// </summary>
    Task WriteAsync(string key, Stream content, bool overwrite, CancellationToken cancellationToken = default);

    Task<BlobItem?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the blobs directly under a container (<c>incoming/</c>), hidden names (starting with '.') excluded.</summary>
    IAsyncEnumerable<BlobItem> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a blob without ever overwriting: false when <paramref name="destinationKey"/> exists.
    /// Throws <see cref="BlobNotFoundException"/> when the source is absent.
    /// </summary>
    Task<bool> TryMoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; absent blobs are not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached (readiness probe).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
