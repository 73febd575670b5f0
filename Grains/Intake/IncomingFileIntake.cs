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
/// A speaker given with the file (an upload's <c>speaker</c>) wins over one read from its name: it is registered with
/// the row, and set on the row when the content was already catalogued (by the watcher, or under another name).
/// </summary>
public sealed class IncomingFileIntake(IBlobStore store, IFileCatalog catalog, IFileDispatcher dispatcher, ILogger<IncomingFileIntake> logger)
{
    public Task<IntakeResult> AcceptAsync(BlobItem blob, string? knownId = null, CancellationToken cancellationToken = default) =>
        AcceptAsync(blob, knownId, speaker: null, cancellationToken);

    /// <summary>As above; <paramref name="speaker"/> (already validated) becomes the file's speaker whatever the outcome.</summary>
    public async Task<IntakeResult> AcceptAsync(BlobItem blob, string? knownId, string? speaker, CancellationToken cancellationToken = default)
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
        var outcome = await catalog.RegisterAsync(new NewFile(id, blob.Name, blob.Key, blob.Size, known?.Emotion, speaker ?? known?.Speaker), cancellationToken);
        if (speaker is not null && outcome.Record.Speaker != speaker && await catalog.SetSpeakerAsync(id, speaker, cancellationToken))
        {
            logger.LogInformation("Speaker of {Name} set to {Speaker}", blob.Name, speaker);
            outcome = outcome with { Record = outcome.Record with { Speaker = speaker } };
        }

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
