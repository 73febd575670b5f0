namespace EmotionGrid.Audio.Transcription;

/// <summary>
/// The speech-to-text port: 16 kHz mono audio in, what was said out. Implementations (PocketSphinx here) must be
/// safe to call from many threads: each <see cref="Start"/> returns an independent session.
/// </summary>
public interface ITranscriber
{
    /// <summary>Stable id of the recogniser and its model, e.g. <c>pocketsphinx-en-us</c>.</summary>
    string Id { get; }

    /// <summary>A session for one recording: feed it the audio in order, then <see cref="ITranscriptionSession.Finish"/>.</summary>
    ITranscriptionSession Start();
}

/// <summary>One recording being transcribed; its audio arrives in pieces (a long file's segments, without their overlap).</summary>
public interface ITranscriptionSession : IDisposable
{
    /// <summary>The next samples of the recording (16 kHz mono, [-1, 1]).</summary>
    void Accept(ReadOnlySpan<float> samples16kMono);

    /// <summary>What was said in everything accepted; an empty text (never an exception) when nothing could be decoded.</summary>
    SpeechTranscript Finish();
}
