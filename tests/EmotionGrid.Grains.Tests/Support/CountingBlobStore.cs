using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Grains.Tests.Support;

/// <summary>Delegates to a real store and counts the reads, to prove what was (not) opened.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.OpenReadAsync(key, cancellationToken);
    }

    public Task WriteAsync(string key, Stream content, bool overwrite, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(key, content, overwrite, cancellationToken);

    public Task<BlobItem?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public IAsyncEnumerable<BlobItem> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> TryMoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default) =>
        inner.TryMoveAsync(sourceKey, destinationKey, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
}
