using System.Data.Common;
using System.Numerics.Tensors;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Vectors;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// The unit of work for one file: read the blob, decode and resample to 16 kHz mono, embed, write the
/// vector as <c>embeddings/&lt;embedder&gt;/&lt;id&gt;.npy</c>, move the audio to <c>processed/</c> and mark it
/// embedded (long files in segments: one mean vector plus a 2-D <c>.npy</c> of segment vectors), then hand it to the
/// <see cref="TranscriptionWorker"/> for what was said; on bad input mark it failed with the reason and move it to <c>failed/</c>. Idempotent:
/// each step can be redone after a crash, and a finished file is left alone. The decoding and the model
/// run happen on the <see cref="FileWorkPool"/>. One caller per file id at a time: the
/// <see cref="AudioFileGrain"/> (one activation per id in the cluster) is that caller.
/// </summary>
public sealed class AudioFileProcessor(
    IBlobStore store,
    IFileCatalog catalog,
    AudioFrontEnd frontEnd,
    IAudioEmbedder embedder,
    SegmentOptions segmentOptions,
    FileWorkPool pool,
    ProcessingSettings settings,
    ILeaseOwners owners,
    ILogger<AudioFileProcessor> logger,
    TranscriptionWorker? transcriptions = null)
{
    /// <summary>Segments embedded per model run (bounded: each is a segment's worth of samples in memory).</summary>
    private const int SegmentsPerBatch = 8;

    /// <summary>Processes the registered file <paramref name="fileId"/>; the outcome says what happened (and carries the vectors when embedded).</summary>
    public async Task<ProcessOutcome> ProcessAsync(string fileId, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FileId"] = fileId });
        var record = await catalog.GetAsync(fileId, cancellationToken);
        if (record is null)
        {
            logger.LogWarning("No catalog row for {FileId}; nothing to process", fileId);
            return ProcessOutcome.Skipped;
        }

        if (record.Status is FileStatus.Embedded or FileStatus.Failed)
        {
            logger.LogDebug("{Name} is already {Status}; nothing to do", record.Name, record.Status);
            return ProcessOutcome.Skipped;
        }

        // The whole run holds one of the silo's slots: a file counts an attempt only once it really starts, and
        // a burst waits here instead of crowding the catalog. The decoding and the model run leave this scheduler.
        var queuedSince = TimeProvider.System.GetTimestamp();
        // A file taken over from a dead silo goes ahead of the queue: it has waited longest of all.
        var orphaned = record.Status == FileStatus.Processing && IsHeldByDeadSilo(record);
        await using var slot = await pool.AcquireAsync(cancellationToken, urgent: orphaned);
        var queued = TimeProvider.System.GetElapsedTime(queuedSince);

        // Read again after the wait (where the audio is now, who holds the file), then claim it: one silo at a time.
        record = await catalog.GetAsync(fileId, cancellationToken) ?? record;
        var lease = new FileLease(owners.Self, settings.LeaseDuration, IsHeldByDeadSilo(record) ? record.LeaseOwner : null);
        if (!await catalog.TryStartProcessingAsync(record.Id, lease, cancellationToken))
        {
            var current = await catalog.GetAsync(fileId, cancellationToken);
            if (current?.Status == FileStatus.Processing)
            {
                logger.LogInformation("{Name} is being processed by {Owner} (lease until {Expires:O}); left to it", record.Name, current.LeaseOwner, current.LeaseExpiresAt);
            }
            else
            {
                logger.LogDebug("{Name} finished while it waited; nothing to do", record.Name);
            }

            return ProcessOutcome.Skipped;
        }

        if (lease.TakeOverFrom is not null)
        {
            logger.LogWarning("Took {Name} over from {DeadSilo}, which the cluster declared dead", record.Name, lease.TakeOverFrom);
        }

        await using var keeper = new LeaseKeeper(catalog, record.Id, lease, logger, cancellationToken);
        try
        {
            return await ProcessLeasedAsync(fileId, record, lease, slot, keeper, queued);
        }
        catch (OperationCanceledException) when (keeper.Lost && !cancellationToken.IsCancellationRequested)
        {
            return ProcessOutcome.Skipped; // another silo holds the file now; its run finishes it
        }
    }

    /// <summary>The run under a live lease: <paramref name="keeper"/>'s token stops it when the lease is lost.</summary>
    private async Task<ProcessOutcome> ProcessLeasedAsync(string fileId, FileRecord record, FileLease lease, WorkPool.Slot slot, LeaseKeeper keeper, TimeSpan queued)
    {
        var cancellationToken = keeper.Token;

        // Read again: this attempt counted.
        record = await catalog.GetAsync(fileId, cancellationToken) ?? record;
        if (record.Attempts > settings.MaxAttempts)
        {
            // Each earlier attempt ended without an outcome (the silo stopped, crashed or hit a storage error): stop trying.
            await keeper.StopRenewingAsync();
            return await GiveUpAsync(record, cancellationToken) ? ProcessOutcome.Failed : ProcessOutcome.Skipped;
        }

        var source = await LocateAudioAsync(record, cancellationToken);
        if (source is null)
        {
            await keeper.StopRenewingAsync();
            if (!await catalog.MarkFailedAsync(record.Id, $"the audio blob '{record.AudioBlob}' is missing from the store", record.AudioBlob, owners.Self, cancellationToken))
            {
                return ProcessOutcome.Skipped; // another silo holds the file now
            }

            logger.LogError("Audio blob {Blob} is missing", record.AudioBlob);
            return ProcessOutcome.Failed;
        }

        var inputAccepted = false;
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var embedding = await slot.RunAsync(ct => EmbedAsync(source, ct), cancellationToken);
            inputAccepted = true; // from here on a failure is the storage's, not the file's
            var vectorKey = $"{BlobContainers.Embeddings}/{embedder.Id}/{record.Id}.npy";
            await WriteNpyAsync(vectorKey, embedding.Vector, [embedding.Vector.Length], cancellationToken);
            string? segmentsKey = null;
            if (embedding.Segments.Count > 1)
            {
                segmentsKey = $"{BlobContainers.Embeddings}/{embedder.Id}/segments/{record.Id}.npy";
                await WriteNpyAsync(segmentsKey, embedding.SegmentMatrix, [embedding.Segments.Count, embedder.Dimension], cancellationToken);
            }

            if (!await keeper.ConfirmAsync(cancellationToken))
            {
                return ProcessOutcome.Skipped; // taken over while embedding: the new holder finishes the file
            }

            await keeper.StopRenewingAsync();
            var audioKey = await MoveAsync(record, source, BlobContainers.Processed, cancellationToken);
            source = audioKey;
            var audio = embedding.Audio;
            if (!await catalog.MarkEmbeddedAsync(record.Id, new EmbeddingResult(
                audio.DurationSeconds, audio.SourceSampleRate, audio.SourceChannels, embedder.Id, embedding.Vector.Length,
                vectorKey, audioKey, audio.Warnings, embedding.Segments.Count > 1 ? embedding.Segments : null, segmentsKey), owners.Self, cancellationToken))
            {
                logger.LogWarning("{Name} was taken over by another silo before this one finished it; its outcome stands", record.Name);
                return ProcessOutcome.Skipped;
            }

            _ = transcriptions?.Schedule(record.Id, audioKey); // after the embedding, on its own pool: never in its way
            logger.LogInformation("Embedded {Name}: {Duration:F2} s, {SampleRate} Hz x{Channels} → {Dimension}-d {Embedder} ({Segments} segments) in {Elapsed:F0} ms ({EmbedderMilliseconds:F0} ms in the embedder) after {QueuedMilliseconds:F0} ms in the queue",
                record.Name, audio.DurationSeconds, audio.SourceSampleRate, audio.SourceChannels, embedding.Vector.Length, embedder.Id,
                embedding.Segments.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, embedding.EmbedderTime.TotalMilliseconds, queued.TotalMilliseconds);
            var vectors = new FileVectors(record.Id, embedder.Id, embedding.Vector, embedding.Segments.Count > 1 ? embedding.SegmentMatrix : null, embedding.Segments.Count);
            return new ProcessOutcome(ProcessResult.Embedded, vectors, record.Label, embedding.EmbedderTime);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down (or the lease was lost): the row stays 'processing'; a shutdown is not the file's attempt.
            if (!keeper.Lost)
            {
                await HandBackAsync(record, lease);
            }

            throw;
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // An outage of the bucket or the catalog, not the file: handed back uncounted, retried by the sweeper.
            logger.LogError(e, "Storage failed while processing {Name}; it will be retried", record.Name);
            await HandBackAsync(record, lease);
            throw;
        }
        catch (Exception e) when (inputAccepted)
        {
            // Not the file's fault but not an outage either (say, a result that cannot be stored): retried by the
            // sweeper up to Processing:MaxAttempts, each attempt counted.
            logger.LogError(e, "Storing the results of {Name} failed; it will be retried", record.Name);
            throw;
        }
        catch (Exception e)
        {
            var reason = e is AudioFormatException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (e is not AudioFormatException)
            {
                logger.LogError(e, "Processing {Name} failed", record.Name);
            }

            if (!await keeper.ConfirmAsync(cancellationToken))
            {
                return ProcessOutcome.Skipped;
            }

            await keeper.StopRenewingAsync();
            return await FailAsync(record, source, reason, cancellationToken) ? ProcessOutcome.Failed : ProcessOutcome.Skipped;
        }
    }

    /// <summary>
    /// An outage of the catalog or the bucket (a server restarting, a dropped connection, Azure answering 5xx), not bad
    /// input: what is wrong with a file's bytes surfaces as <see cref="AudioFormatException"/> from the decoder.
    /// </summary>
    private static bool IsStorageFailure(Exception e) =>
        e is DbException or IOException or HttpRequestException or TimeoutException or global::Azure.RequestFailedException
        || e.InnerException is { } inner && IsStorageFailure(inner);

    /// <summary>
    /// Streams the file through decode → resample → segments (one segment in memory at a time) and embeds
    /// each; the file's vector is the plain mean of its segment vectors (segments all have the same length,
    /// the last one aligned to the end, so the mean weighs every part of the file alike).
    /// </summary>
    private async Task<FileEmbedding> EmbedAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        using var segmented = frontEnd.ReadSegments(stream, segmentOptions);
        var segments = new List<FileSegment>();
        var matrix = new List<float>();
        var pending = new List<AudioSegment>(SegmentsPerBatch);
        var embedderTime = TimeSpan.Zero;
        async Task EmbedPendingAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }

            var began = TimeProvider.System.GetTimestamp();
            var clips = pending.Select(s => s.Samples).ToList();

            // A queued embedder (Wav2Vec2) runs these with other files' clips and is awaited without holding a
            // thread; otherwise segments of a file all have the same length, so a batching embedder runs them unpadded.
            var vectors = embedder switch
            {
                IQueuedAudioEmbedder queued => await queued.EmbedAsync(clips, cancellationToken),
                IBatchAudioEmbedder batching when pending.Count > 1 => batching.EmbedBatch(clips),
                _ => clips.Select(c => embedder.Embed(c)).ToList(),
            };
            embedderTime += TimeProvider.System.GetElapsedTime(began);
            for (var i = 0; i < pending.Count; i++)
            {
                EnsureFinite(vectors[i]);
                segments.Add(new FileSegment(pending[i].Index, pending[i].StartSeconds, pending[i].EndSeconds));
                matrix.AddRange(vectors[i]);
            }

            pending.Clear();
        }

        foreach (var segment in segmented)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Add(segment);
            if (pending.Count == SegmentsPerBatch)
            {
                await EmbedPendingAsync();
            }
        }

        await EmbedPendingAsync();
        var rows = matrix.ToArray();
        var dimension = embedder.Dimension;
        var mean = new float[dimension];
        for (var row = 0; row < segments.Count; row++)
        {
            TensorPrimitives.Add(mean, rows.AsSpan(row * dimension, dimension), mean);
        }

        TensorPrimitives.Divide(mean, segments.Count, mean);
        var audio = new SourceAudio(segmented.DurationSeconds, segmented.SourceSampleRate, segmented.SourceChannels, segmented.Warnings);
        return new FileEmbedding(mean, segments, rows, audio, embedderTime);
    }

    private async Task WriteNpyAsync(string key, float[] data, int[] shape, CancellationToken cancellationToken)
    {
        await using var npy = new MemoryStream();
        NpyFormat.Write(npy, data, shape);
        npy.Position = 0;
        await store.WriteAsync(key, npy, overwrite: true, cancellationToken);
    }

    private bool IsHeldByDeadSilo(FileRecord record) =>
        record.LeaseOwner is { } holder && holder != owners.Self && owners.IsDead(holder);

    /// <summary>Gives the file back uncounted (<see cref="IFileCatalog.ReleaseAsync"/>); best effort: the catalog may be the outage.</summary>
    private async Task HandBackAsync(FileRecord record, FileLease lease)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await catalog.ReleaseAsync(record.Id, lease, timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not hand {Name} back; it is retried once its lease expires, and this attempt counts", record.Name);
        }
    }

    /// <summary>Moves the audio to failed/ and marks the row failed; false when another silo holds the file now.</summary>
    private async Task<bool> FailAsync(FileRecord record, string source, string reason, CancellationToken cancellationToken)
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

        if (!await catalog.MarkFailedAsync(record.Id, reason, audioKey, owners.Self, cancellationToken))
        {
            logger.LogWarning("{Name} was taken over by another silo before this one marked it failed", record.Name);
            return false;
        }

        logger.LogWarning("{Name} failed: {Reason}", record.Name, reason);
        return true;
    }

    /// <summary>Marks a file that never finished failed; false when another silo holds it now.</summary>
    private async Task<bool> GiveUpAsync(FileRecord record, CancellationToken cancellationToken)
    {
        var reason = $"gave up after {record.Attempts - 1} attempts: processing was interrupted each time (EmotionGrid:Processing:MaxAttempts)";
        string? source = null;
        try
        {
            source = await LocateAudioAsync(record, cancellationToken);
        }
        catch (Exception e) when (e is IOException or BlobNotFoundException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Could not locate {Blob} to move it to failed/", record.AudioBlob);
        }

        if (source is null)
        {
            if (!await catalog.MarkFailedAsync(record.Id, reason, record.AudioBlob, owners.Self, cancellationToken))
            {
                return false;
            }

            logger.LogWarning("{Name} failed: {Reason}", record.Name, reason);
            return true;
        }

        return await FailAsync(record, source, reason, cancellationToken);
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

    /// <summary>Hashes the whole blob (gigabytes for hours of audio): on the thread pool, not the caller's scheduler.</summary>
    private Task<bool> HasContentAsync(string key, string id, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            await using var stream = await store.OpenReadAsync(key, cancellationToken);
            return await ContentHash.ComputeAsync(stream, cancellationToken) == id;
        }, cancellationToken);

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

    private sealed record SourceAudio(double DurationSeconds, int SourceSampleRate, int SourceChannels, IReadOnlyList<string> Warnings);

    private sealed record FileEmbedding(float[] Vector, IReadOnlyList<FileSegment> Segments, float[] SegmentMatrix, SourceAudio Audio, TimeSpan EmbedderTime);

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

public enum ProcessResult
{
    /// <summary>Nothing to do: no such row, or the file was already finished.</summary>
    Skipped,
    Embedded,
    Failed,
}

/// <summary>What one <see cref="AudioFileProcessor.ProcessAsync"/> did; an embedded file's vectors stay in memory for scoring.</summary>
public sealed record ProcessOutcome(ProcessResult Result, FileVectors? Vectors = null, string? Label = null, TimeSpan EmbedderTime = default)
{
    public static ProcessOutcome Skipped { get; } = new(ProcessResult.Skipped);

    public static ProcessOutcome Failed { get; } = new(ProcessResult.Failed);
}
