using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// Streams one uploaded file into <c>incoming/</c> (hashing and size-checking on the way, under a hidden temp
/// name, then moved to its safe name) and takes it into the catalog at once, so the caller knows its id.
/// </summary>
/// <remarks>
/// A speaker sent with the upload goes to the catalog here, by the content-hash id, in the same request: registered with
/// the row, or set on it when the content is already known (or the watcher registered the blob first). Not as blob
/// metadata read at intake: the file-system bucket has no metadata, an alias of known content is never registered again,
/// and the caller learns at once (and in the answer) that the speaker is recorded, in both bucket modes alike.
/// </remarks>
public sealed class BucketUploader(IBlobStore store, IncomingFileIntake intake, IFileCatalog catalog, ILogger<BucketUploader> logger)
{
    /// <summary>
    /// Throws <see cref="UploadTooLargeException"/> past <paramref name="maxBytes"/>, <see cref="EmptyUploadException"/> for no bytes.
    /// <paramref name="speaker"/> (validated by the caller) becomes the file's speaker, over one read from its name.
    /// </summary>
    public async Task<UploadedFile> StoreAsync(string? rawName, Stream content, long maxBytes, string? speaker, CancellationToken cancellationToken)
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
        var result = await intake.AcceptAsync(new BlobItem(key, body.BytesRead, DateTimeOffset.UtcNow), id, speaker, cancellationToken);
        logger.LogInformation("Upload {Name} stored as {Blob} ({Result})", rawName, key, result.Result);
        return new UploadedFile(id, key[(key.IndexOf('/') + 1)..], result.Record.Status, result.Record.Speaker);
    }

    /// <summary>Sets the speaker of a file stored earlier in the same request (the form field came after its part).</summary>
    public async Task<UploadedFile> SetSpeakerAsync(UploadedFile file, string speaker, CancellationToken cancellationToken) =>
        await catalog.SetSpeakerAsync(file.Id, speaker, cancellationToken) ? file with { Speaker = speaker } : file;
}

public sealed class EmptyUploadException(string name) : IOException($"file '{name}' is empty")
{
    public string Name { get; } = name;
}
