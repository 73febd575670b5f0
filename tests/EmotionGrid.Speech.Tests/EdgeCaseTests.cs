using EmotionGrid.Audio.Transcription;

namespace EmotionGrid.Speech.Tests;

/// <summary>Audio with nothing to hear gives an empty transcript, never an exception.</summary>
public sealed class EdgeCaseTests
{
    public static TheoryData<string, float[]> NothingToHear => new()
    {
        { "no audio", [] },
        { "3 s of digital silence", Signal.Silence(3) },
        { "3 s of faint hiss", Signal.Silence(3, noise: 1e-3) },
        { "50 ms of a loud tone", Signal.Tone(0.05, 0.5) },
        { "one sample", [0.3f] },
    };

    [Theory]
    [MemberData(nameof(NothingToHear))]
    public void Audio_without_speech_gives_an_empty_transcript(string what, float[] samples)
    {
        var transcriber = RavdessSpeech.RequireTranscriber();

        var transcript = RavdessSpeech.Transcribe(transcriber, samples, pieceLength: 4_000);

        Assert.True(transcript == SpeechTranscript.Empty, $"{what}: '{transcript.Text}'");
    }

    [Fact]
    public void A_very_short_piece_of_real_speech_does_not_throw()
    {
        var transcriber = RavdessSpeech.RequireTranscriber();
        var samples = RavdessSpeech.Samples(RavdessSpeech.Clips("01", 2)[0].Path);

        // 150 ms from the middle of a word: too short to be sure of anything, but it must not fail.
        var transcript = RavdessSpeech.Transcribe(transcriber, samples.AsSpan(24_000, 2_400).ToArray());

        Assert.InRange(transcript.Words.Count, 0, 2);
        Assert.All(transcript.Words, w => Assert.InRange(w.EndSeconds, 0, 0.15 + 1e-9));
    }

    [Fact]
    public void Clipped_and_out_of_range_samples_are_decoded_not_rejected()
    {
        var transcriber = RavdessSpeech.RequireTranscriber();
        var samples = RavdessSpeech.Samples(RavdessSpeech.Clips("01", 5)[0].Path).Select(s => s * 40f).ToArray();
        samples[100] = float.NaN;

        var transcript = RavdessSpeech.Transcribe(transcriber, samples);

        Assert.InRange(transcript.Confidence, 0, 1);
    }
}
