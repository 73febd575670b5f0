using System.Collections.Concurrent;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// What was said in each embedded file, found after its embedding on a pool of its own (<see cref="TranscriptionWorkPool"/>),
/// so a file is embedded — and its emotion scored — at the embedder's pace, however slow the recogniser is. The audio is
/// read again from the bucket and streamed segment by segment (memory stays one segment per file); a transcript lost to a
/// restart is found again by <see cref="TranscriptionBackfill"/>. A recogniser failure stores an empty transcript.
/// </summary>
public sealed partial class TranscriptionWorker(
    IBlobStore store,
    IFileCatalog catalog,
    AudioFrontEnd frontEnd,
    SegmentOptions segmentOptions,
    TranscriptionWorkPool pool,
    ILogger<TranscriptionWorker> logger,
    ITranscriber? transcriber = null)
{
    private readonly ConcurrentDictionary<string, Task> _scheduled = new(StringComparer.Ordinal);

    public bool Enabled => transcriber is not null;

    /// <summary>Files waiting for or in transcription in this silo.</summary>
    public int Pending => _scheduled.Count;

    /// <summary>Queues the file (once, however often asked) and returns at once; the task ends when its transcript is stored.</summary>
    public Task Schedule(string fileId, string audioBlob)
    {
        if (transcriber is null)
        {
            return Task.CompletedTask;
        }

        return _scheduled.GetOrAdd(fileId, id => Task.Run(async () =>
        {
            try
            {
                await TranscribeAsync(id, audioBlob, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The bucket or catalog being down is retried by the backfill; nothing else may escape a queued task.
                LogNotStored(logger, e, id);
            }
            finally
            {
                _scheduled.TryRemove(id, out _);
            }
        }));
    }

    /// <summary>Transcribes the file now (in a slot of the pool) and stores the transcript; false when the file is no longer embedded.</summary>
    public async Task<bool> TranscribeAsync(string fileId, string audioBlob, CancellationToken cancellationToken)
    {
        var recogniser = transcriber ?? throw new InvalidOperationException("transcription is off");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FileId"] = fileId });
        var started = TimeProvider.System.GetTimestamp();
        await using var slot = await pool.AcquireAsync(cancellationToken);
        var (transcript, seconds) = await slot.RunAsync(async ct =>
        {
            await using var stream = await store.OpenReadAsync(audioBlob, ct);
            using var segmented = frontEnd.ReadSegments(stream, segmentOptions);
            using var session = recogniser.Start();
            var fedUntil = 0.0;
            var heard = SpeechTranscript.Empty;
            try
            {
                foreach (var segment in segmented)
                {
                    ct.ThrowIfCancellationRequested();
                    session.Accept(FileTranscription.FreshPart(segment, ref fedUntil).Span);
                }

                heard = session.Finish();
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not IOException)
            {
                LogRecogniserFailed(logger, e, recogniser.Id);
            }

            return (FileTranscription.ToContract(heard, recogniser.Id), fedUntil);
        }, cancellationToken);

        var stored = await catalog.SetTranscriptAsync(fileId, transcript, cancellationToken);
        LogTranscribed(logger, fileId, transcript.Words.Count, seconds, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribed {FileId}: {Words} words in {Seconds:F1} s of audio, {Elapsed:F0} ms")]
    private static partial void LogTranscribed(ILogger logger, string fileId, int words, double seconds, double elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcriber {Transcriber} failed; the transcript is left empty")]
    private static partial void LogRecogniserFailed(ILogger logger, Exception exception, string transcriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The transcript of {FileId} could not be stored; it is retried later")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string fileId);
}
