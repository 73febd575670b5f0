using EmotionGrid.Audio;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Audio.Transcription;
using EmotionGrid.Contracts.Files;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Transcribes one recording beside its embedding: each segment's new audio (without the overlap it shares with the
/// segment before) goes, in order, to one recogniser session on a background task, so embedding never waits for it.
/// A recogniser failure gives an empty transcript and a warning, never a failed file.
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

    /// <summary>Queues the part of <paramref name="segment"/> not yet fed (segments arrive in order and may overlap).</summary>
    public void Add(AudioSegment segment)
    {
        var skip = (int)Math.Round(Math.Max(0, _fedUntilSeconds - segment.StartSeconds) * PreparedAudio.SampleRate);
        _fedUntilSeconds = Math.Max(_fedUntilSeconds, segment.EndSeconds);
        if (skip >= segment.Samples.Length)
        {
            return;
        }

        var fresh = segment.Samples.AsMemory(skip);
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

        return new Transcript(heard.Text, heard.Confidence,
            heard.Words.Select(w => new TranscriptWord(w.Word, w.StartSeconds, w.EndSeconds, w.Confidence)).ToList(), _transcriber.Id);
    }

    public void Dispose()
    {
        // A session must not be released while a queued Accept may still use it.
        _tail.ContinueWith(_ => _session.Dispose(), TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcriber {Transcriber} failed; the transcript is left empty")]
    private static partial void LogFailed(ILogger logger, Exception exception, string transcriber);
}
