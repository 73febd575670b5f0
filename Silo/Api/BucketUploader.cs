using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// Streams one uploaded file into <c>incoming/</c> (hashing and size-checking on the way, under a hidden temp
/// name, then moved to its safe name) and takes it into the catalog at once, so the caller knows its id.
/// </summary>
public sealed class BucketUploader(IBlobStore store, IncomingFileIntake intake, ILogger<BucketUploader> logger)
{
    /// <summary>Throws <see cref="UploadTooLargeException"/> past <paramref name="maxBytes"/>, <see cref="EmptyUploadException"/> for no bytes.</summary>
    public async Task<UploadedFile> StoreAsync(string? rawName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var name = BlobKey.SafeName(rawName);
        var tempKey = BlobContainers.Key(BlobContainers.Incoming, $".upload-{Guid.NewGuid():N}.part");
        await using var body = new HashingLimitedStream(content, maxBytes, $"file '{name}'");
        try
        {
            await store.WriteAsync(tempKey, body, overwrite: false, cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            await store.DeleteAsync(tempKey, CancellationToken.None);
            throw;
        }

        if (body.BytesRead == 0)
        {
            await store.DeleteAsync(tempKey, CancellationToken.None);
            throw new EmptyUploadException(name);
        }

        var id = body.HashHex;
        var key = await BlobMover.MoveWithoutOverwriteAsync(store, tempKey, BlobContainers.Incoming, name, cancellationToken);
        var result = await intake.AcceptAsync(new BlobItem(key, body.BytesRead, DateTimeOffset.UtcNow), id, cancellationToken);
        logger.LogInformation("Upload {Name} stored as {Blob} ({Result})", rawName, key, result.Result);
        return new UploadedFile(id, key[(key.IndexOf('/') + 1)..], result.Record.Status);
    }
}

public sealed class EmptyUploadException(string name) : IOException($"file '{name}' is empty")
{
    public string Name { get; } = name;
}
