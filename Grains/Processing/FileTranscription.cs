using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Contracts.Files;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Transcribes one short recording beside its embedding (a prediction's clip): each segment's new audio (without the
/// overlap it shares with the segment before) goes, in order, to one recogniser session on a background task. A
/// recogniser failure gives an empty transcript and a warning, never a failed answer. Files are transcribed after
/// their embedding instead, by <see cref="TranscriptionWorker"/>.
/// </summary>
public sealed partial class FileTranscription : IDisposable
{
    private readonly ITranscriber _transcriber;
    private readonly ITranscriptionSession _session;
    private readonly ILogger _logger;
    private Task _tail = Task.CompletedTask;
    private double _fedUntilSeconds;
    private volatile bool _failed;

    private FileTranscription(ITranscriber transcriber, ILogger logger)
    {
        _transcriber = transcriber;
        _logger = logger;
        _session = transcriber.Start();
    }

    /// <summary>A transcription of one recording, or null when transcription is off.</summary>
    public static FileTranscription? Start(ITranscriber? transcriber, ILogger logger) =>
        transcriber is null ? null : new FileTranscription(transcriber, logger);

    /// <summary>
    /// The part of <paramref name="segment"/> a recogniser has not heard yet: segments arrive in order and overlap, and
    /// every sample must be heard once. Advances <paramref name="fedUntilSeconds"/>.
    /// </summary>
    public static ReadOnlyMemory<float> FreshPart(AudioSegment segment, ref double fedUntilSeconds)
    {
        var skip = (int)Math.Round(Math.Max(0, fedUntilSeconds - segment.StartSeconds) * PreparedAudio.SampleRate);
        fedUntilSeconds = Math.Max(fedUntilSeconds, segment.EndSeconds);
        return skip >= segment.Samples.Length ? ReadOnlyMemory<float>.Empty : segment.Samples.AsMemory(skip);
    }

    /// <summary>The catalog's and the API's form of what a recogniser heard.</summary>
    public static Transcript ToContract(SpeechTranscript heard, string transcriber) =>
        new(heard.Text, heard.Confidence, heard.Words.Select(w => new TranscriptWord(w.Word, w.StartSeconds, w.EndSeconds, w.Confidence)).ToList(), transcriber);

    /// <summary>Queues the part of <paramref name="segment"/> not yet fed.</summary>
    public void Add(AudioSegment segment)
    {
        var fresh = FreshPart(segment, ref _fedUntilSeconds);
        if (fresh.IsEmpty)
        {
            return;
        }

        var previous = _tail;
        _tail = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            if (_failed)
            {
                return;
            }

            try
            {
                _session.Accept(fresh.Span);
            }
            catch (Exception e)
            {
                _failed = true;
                LogFailed(_logger, e, _transcriber.Id);
            }
        });
    }

    /// <summary>What was said in everything added; an empty text when the recogniser failed or heard nothing.</summary>
    public async Task<Transcript> FinishAsync()
    {
        await _tail.ConfigureAwait(false);
        var heard = SpeechTranscript.Empty;
        if (!_failed)
        {
            try
            {
                heard = await Task.Run(_session.Finish).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogFailed(_logger, e, _transcriber.Id);
            }
        }

        return ToContract(heard, _transcriber.Id);
    }

    public void Dispose()
    {
        // A session must not be released while a queued Accept may still use it.
        _tail.ContinueWith(_ => _session.Dispose(), TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcriber {Transcriber} failed; the transcript is left empty")]
    private static partial void LogFailed(ILogger logger, Exception exception, string transcriber);
}
