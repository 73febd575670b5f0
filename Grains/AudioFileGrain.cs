using EmotionGrid.Audio;
using EmotionGrid.Contracts.Messages;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Vectors;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains;

/// <summary>
/// The unit of work for one file: read the blob, decode and resample to 16 kHz mono, embed, write the
/// vector as <c>embeddings/&lt;embedder&gt;/&lt;id&gt;.npy</c>, move the audio to <c>processed/</c> and mark it
/// embedded; on bad input mark it failed with the reason and move it to <c>failed/</c>. Idempotent:
/// each step can be redone after a crash, and a finished file is left alone.
/// </summary>
public sealed class AudioFileGrain(
    IBlobStore store,
    IFileCatalog catalog,
    AudioFrontEnd frontEnd,
    IAudioEmbedder embedder,
    ILogger<AudioFileGrain> logger)
{
    /// <summary>
    /// One run per file id at a time in this process. The catalog lets a 'processing' row be started again
    /// (that is how crashed work resumes), so without this two deliveries of the same command would both
    /// decode and race to move the same blob: the loser finds it gone and marks an embedded file failed.
    /// </summary>
    private static readonly KeyedAsyncLock RunningFiles = new();

    public async Task ProcessAsync(ProcessAudioFile command, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FileId"] = command.FileId });
        using var running = await RunningFiles.AcquireAsync(command.FileId, cancellationToken);
        var record = await catalog.GetAsync(command.FileId, cancellationToken);
        if (record is null)
        {
            logger.LogWarning("No catalog row for {FileId}; command ignored", command.FileId);
            return;
        }

        if (!await catalog.TryStartProcessingAsync(record.Id, cancellationToken))
        {
            logger.LogDebug("{Name} is already {Status}; nothing to do", record.Name, record.Status);
            return;
        }

        var source = await LocateAudioAsync(record, cancellationToken);
        if (source is null)
        {
            await catalog.MarkFailedAsync(record.Id, $"the audio blob '{record.AudioBlob}' is missing from the store", record.AudioBlob, cancellationToken);
            logger.LogError("Audio blob {Blob} is missing", record.AudioBlob);
            return;
        }

        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var audio = await PrepareAsync(source, cancellationToken);
            var vector = embedder.Embed(audio.Samples);
            EnsureFinite(vector);

            var vectorKey = $"{BlobContainers.Embeddings}/{embedder.Id}/{record.Id}.npy";
            await using (var npy = new MemoryStream(NpyFormat.Write(vector)))
            {
                await store.WriteAsync(vectorKey, npy, overwrite: true, cancellationToken);
            }

            var audioKey = await MoveAsync(record, source, BlobContainers.Processed, cancellationToken);
            await catalog.MarkEmbeddedAsync(record.Id, new EmbeddingResult(
                audio.DurationSeconds, audio.SourceSampleRate, audio.SourceChannels, embedder.Id, vector.Length,
                vectorKey, audioKey, audio.Warnings), cancellationToken);
            logger.LogInformation("Embedded {Name}: {Duration:F2} s, {SampleRate} Hz x{Channels} → {Dimension}-d {Embedder} in {Elapsed:F0} ms",
                record.Name, audio.DurationSeconds, audio.SourceSampleRate, audio.SourceChannels, vector.Length, embedder.Id,
                TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutting down: the row stays 'processing' and is re-enqueued at the next start
        }
        catch (Exception e)
        {
            var reason = e is AudioFormatException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (e is not AudioFormatException)
            {
                logger.LogError(e, "Processing {Name} failed", record.Name);
            }

            await FailAsync(record, source, reason, cancellationToken);
        }
    }

    private async Task<PreparedAudio> PrepareAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        return frontEnd.Prepare(stream);
    }

    private async Task FailAsync(FileRecord record, string source, string reason, CancellationToken cancellationToken)
    {
        var audioKey = source;
        try
        {
            audioKey = await MoveAsync(record, source, BlobContainers.Failed, cancellationToken);
        }
        catch (Exception e) when (e is IOException or BlobNotFoundException)
        {
            logger.LogError(e, "Could not move {Blob} to failed/", source);
        }

        await catalog.MarkFailedAsync(record.Id, reason, audioKey, cancellationToken);
        logger.LogWarning("{Name} failed: {Reason}", record.Name, reason);
    }

    /// <summary>
    /// The audio is where the row says, or (after a crash mid-move) at the pending destination. A move
    /// interrupted between link and unlink leaves both: the pending copy is kept when its hash is the id.
    /// </summary>
    private async Task<string?> LocateAudioAsync(FileRecord record, CancellationToken cancellationToken)
    {
        var audioExists = await store.GetAsync(record.AudioBlob, cancellationToken) is not null;
        var pendingExists = record.PendingBlob is not null && await store.GetAsync(record.PendingBlob, cancellationToken) is not null;
        if (pendingExists && (!audioExists || await HasContentAsync(record.PendingBlob!, record.Id, cancellationToken)))
        {
            if (audioExists)
            {
                await store.DeleteAsync(record.AudioBlob, cancellationToken);
            }

            return record.PendingBlob;
        }

        return audioExists ? record.AudioBlob : null;
    }

    private async Task<bool> HasContentAsync(string key, string id, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        return await ContentHash.ComputeAsync(stream, cancellationToken) == id;
    }

    private async Task<string> MoveAsync(FileRecord record, string source, string container, CancellationToken cancellationToken)
    {
        if (source.StartsWith(container + "/", StringComparison.Ordinal))
        {
            return source; // moved before a crash; only the catalog update was missing
        }

        var name = source[(source.LastIndexOf('/') + 1)..];
        return await BlobMover.MoveWithoutOverwriteAsync(store, source, container, name, cancellationToken,
            destination => catalog.SetPendingBlobAsync(record.Id, destination, cancellationToken));
    }

    private static void EnsureFinite(float[] vector)
    {
        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException("the embedder produced a non-finite value");
            }
        }
    }
}
