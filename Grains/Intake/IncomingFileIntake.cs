using EmotionGrid.Contracts.Files;
using EmotionGrid.Learning;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// Takes a blob that has arrived in <c>incoming/</c> into the catalog: new content is registered and
/// handed to its AudioFileGrain; content seen before becomes an alias of its id and is moved along.
/// Safe to call twice for the same blob (the watcher and the gateway may both see an upload).
/// </summary>
public sealed class IncomingFileIntake(IBlobStore store, IFileCatalog catalog, IFileDispatcher dispatcher, ILogger<IncomingFileIntake> logger)
{
    public async Task<IntakeResult> AcceptAsync(BlobItem blob, string? knownId = null, CancellationToken cancellationToken = default)
    {
        var id = knownId;
        if (id is null)
        {
            await using var content = await store.OpenReadAsync(blob.Key, cancellationToken);
            id = await ContentHash.ComputeAsync(content, cancellationToken);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FileId"] = id });
        // Dataset file-name conventions (RAVDESS, TESS, CREMA-D) give a label and a speaker for free.
        var known = DatasetFileName.TryParse(blob.Name, out var label) ? label : null;
        var outcome = await catalog.RegisterAsync(new NewFile(id, blob.Name, blob.Key, blob.Size, known?.Emotion, known?.Speaker), cancellationToken);
        switch (outcome.Result)
        {
            case RegisterResult.Registered:
                logger.LogInformation("Registered {Name} ({SizeBytes} bytes) from {Blob}", blob.Name, blob.Size, blob.Key);
                await dispatcher.DispatchAsync(id, cancellationToken);
                return new IntakeResult(outcome.Result, outcome.Record);

            case RegisterResult.Duplicate:
                var container = outcome.Record.Status == FileStatus.Failed ? BlobContainers.Failed : BlobContainers.Processed;
                var destination = await BlobMover.MoveWithoutOverwriteAsync(store, blob.Key, container, blob.Name, cancellationToken);
                await catalog.AddAliasAsync(id, blob.Name, destination, cancellationToken);
                logger.LogInformation("{Name} has the same content as {ExistingName}: recorded as an alias, moved to {Blob}",
                    blob.Name, outcome.Record.Name, destination);
                return new IntakeResult(outcome.Result, outcome.Record, destination);

            default:
                return new IntakeResult(outcome.Result, outcome.Record);
        }
    }
}
