using EmotionGrid.Audio;
using EmotionGrid.Audio.Transcription;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// One recording: buffers its audio as 16-bit samples until an utterance is complete (the recording ends, or
/// <see cref="PocketSphinxOptions.MaxUtteranceSeconds"/> has arrived and it is cut at the quietest moment of its
/// last third), then decodes that utterance on a pooled decoder. Memory is one utterance of audio; a decoder is
/// held only while an utterance is decoded.
/// </summary>
internal sealed class PocketSphinxSession(DecoderPool pool, PocketSphinxOptions options, ILogger logger) : ITranscriptionSession
{
    private readonly int _maxSamples = (int)(options.MaxUtteranceSeconds * PreparedAudio.SampleRate);
    private readonly List<SpokenWord> _words = [];
    private short[] _buffer = [];
    private int _count;
    private long _bufferStart;
    private SpeechTranscript? _result;

    public void Accept(ReadOnlySpan<float> samples16kMono)
    {
        if (_result is not null)
        {
            throw new InvalidOperationException("the transcription session has already finished");
        }

        while (!samples16kMono.IsEmpty)
        {
            EnsureCapacity();
            var take = Math.Min(samples16kMono.Length, _buffer.Length - _count);
            Pcm16.Convert(samples16kMono[..take], _buffer.AsSpan(_count, take));
            _count += take;
            samples16kMono = samples16kMono[take..];
            if (_count == _maxSamples)
            {
                var cut = FrameEnergy.QuietestCut(_buffer.AsSpan(0, _count), _maxSamples * 2 / 3, _maxSamples);
                DecodeUtterance(_buffer.AsSpan(0, cut), _bufferStart);
                _buffer.AsSpan(cut, _count - cut).CopyTo(_buffer);
                (_count, _bufferStart) = (_count - cut, _bufferStart + cut);
            }
        }
    }

    public SpeechTranscript Finish()
    {
        if (_result is not null)
        {
            return _result;
        }

        DecodeUtterance(_buffer.AsSpan(0, _count), _bufferStart);
        _buffer = [];
        _count = 0;
        _result = _words.Count == 0
            ? SpeechTranscript.Empty
            : new SpeechTranscript(string.Join(' ', _words.Select(w => w.Word)), _words.Average(w => w.Confidence), [.. _words]);
        return _result;
    }

    public void Dispose()
    {
        _buffer = [];
        _count = 0;
    }

    private void EnsureCapacity()
    {
        if (_buffer.Length < _maxSamples && _count == _buffer.Length)
        {
            // Grow as audio arrives: a 3 s clip never allocates a full utterance.
            Array.Resize(ref _buffer, Math.Min(_maxSamples, Math.Max(4 * PreparedAudio.SampleRate, _buffer.Length * 2)));
        }
    }

    private void DecodeUtterance(ReadOnlySpan<short> utterance, long startSample)
    {
        var span = options.TrimSilence ? FrameEnergy.SpeechSpan(utterance) : 0..utterance.Length;
        var (offset, length) = span.GetOffsetAndLength(utterance.Length);
        if (length < MinimumSamples)
        {
            return;
        }

        var audio = utterance.Slice(offset, length).ToArray();
        var words = pool.With(decoder => decoder.Decode(audio));
        if (words is null)
        {
            logger.LogWarning("PocketSphinx could not decode {Seconds:F1} s of audio at {Start:F1} s; those words are missing from the transcript",
                length / (double)PreparedAudio.SampleRate, (startSample + offset) / (double)PreparedAudio.SampleRate);
            return;
        }

        var first = startSample + offset;
        const double SamplesPerFrame = PreparedAudio.SampleRate / (double)PocketSphinxDecoder.FramesPerSecond;
        foreach (var word in words)
        {
            var start = (first + (word.StartFrame * SamplesPerFrame)) / PreparedAudio.SampleRate;
            var end = (first + Math.Min(length, (word.EndFrame + 1) * SamplesPerFrame)) / PreparedAudio.SampleRate;
            _words.Add(new SpokenWord(word.Word, start, Math.Max(start, end), word.Posterior));
        }
    }

    /// <summary>Under 100 ms nothing can be said; the recogniser would only guess.</summary>
    private const int MinimumSamples = PreparedAudio.SampleRate / 10;
}
