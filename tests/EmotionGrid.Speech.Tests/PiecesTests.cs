namespace EmotionGrid.Speech.Tests;

/// <summary>Audio fed in pieces (a long file's segments): times run from the start of the recording across pieces and utterances.</summary>
public sealed class PiecesTests
{
    [Fact]
    public void Pieces_give_the_same_transcript_as_the_whole_clip()
    {
        var transcriber = RavdessSpeech.RequireTranscriber();
        var samples = RavdessSpeech.Samples(RavdessSpeech.Clips("01", 9)[0].Path);

        var whole = RavdessSpeech.Transcribe(transcriber, samples);
        var pieces = RavdessSpeech.Transcribe(transcriber, samples, pieceLength: 7_001);

        Assert.Equal(whole.Text, pieces.Text);
        Assert.Equal(whole.Words, pieces.Words);
    }

    [Fact]
    public void The_second_of_two_clips_has_its_words_after_the_first_clip()
    {
        var transcriber = RavdessSpeech.RequireTranscriber();
        var first = RavdessSpeech.Clips("01", 12).First(c => c.Sentence == RavdessSpeech.Kids);
        var second = RavdessSpeech.Clips("01", 12).First(c => c.Sentence == RavdessSpeech.Dogs);
        var (a, b) = (RavdessSpeech.Samples(first.Path), RavdessSpeech.Samples(second.Path));
        var joined = Signal.Concat(a, Signal.Silence(1.0), b);

        var transcript = RavdessSpeech.Transcribe(transcriber, joined, pieceLength: 16_000);

        var boundary = a.Length / 16_000.0;
        var (before, after) = (transcript.Words.Where(w => w.EndSeconds <= boundary).ToArray(), transcript.Words.Where(w => w.StartSeconds >= boundary + 1).ToArray());
        Assert.Equal(transcript.Words.Count, before.Length + after.Length);
        Assert.True(WordErrorRate.Compute(first.Sentence, string.Join(' ', before.Select(w => w.Word))) <= 0.34, transcript.Text);
        Assert.True(WordErrorRate.Compute(second.Sentence, string.Join(' ', after.Select(w => w.Word))) <= 0.34, transcript.Text);
        Assert.All(after, w => Assert.InRange(w.EndSeconds, boundary + 1, joined.Length / 16_000.0));
    }

    [Fact]
    public void A_recording_longer_than_an_utterance_is_cut_into_several_with_times_kept()
    {
        using var transcriber = PocketSphinx.PocketSphinxTranscriber.TryCreate(
            new PocketSphinx.PocketSphinxOptions { MaxUtteranceSeconds = 6, MaxDecoders = 1 }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, out var reason);
        if (transcriber is null)
        {
            Testing.Requirement.Unmet($"PocketSphinx is not available: {reason}");
        }

        var clips = RavdessSpeech.Clips("01", 3, 5);
        var audio = clips.Select(c => RavdessSpeech.Samples(c.Path)).ToArray();
        var starts = audio.Select((_, i) => audio.Take(i).Sum(x => x.Length) / 16_000.0).ToArray();
        var recording = Signal.Concat([.. audio]);

        var transcript = RavdessSpeech.Transcribe(transcriber!, recording, pieceLength: 10 * 16_000);

        // Four clearly spoken clips of about 3.5 s each (each transcribed exactly alone): at least three utterances
        // of at most 6 s, cut in the pauses, and every clip's words within that clip.
        Assert.True(recording.Length > 12 * 16_000);
        var expected = string.Join(' ', clips.Select(c => c.Sentence));
        Assert.True(WordErrorRate.Compute(expected, transcript.Text) <= 0.25, transcript.Text);
        Assert.All(transcript.Words.Zip(transcript.Words.Skip(1)), pair => Assert.True(pair.Second.StartSeconds >= pair.First.EndSeconds - 1e-9));
        for (var i = 0; i < clips.Length; i++)
        {
            var end = i + 1 < starts.Length ? starts[i + 1] : recording.Length / 16_000.0;
            var inClip = transcript.Words.Where(w => w.StartSeconds >= starts[i] && w.EndSeconds <= end + 0.05).Select(w => w.Word);
            Assert.True(WordErrorRate.Compute(clips[i].Sentence, string.Join(' ', inClip)) <= 0.34, $"clip {i} at {starts[i]:F2}–{end:F2} s: {string.Join(", ", transcript.Words)}");
        }
    }
}
