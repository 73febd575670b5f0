namespace EmotionGrid.Speech.Tests;

/// <summary>Sessions on many threads share pooled decoders and each gets its own recording's transcript.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Eight_concurrent_sessions_each_get_the_transcript_of_their_own_clip()
    {
        var transcriber = RavdessSpeech.RequireTranscriber();
        var clips = RavdessSpeech.Clips("01", 1, 6, 11, 16).Select(c => (c.Sentence, Samples: RavdessSpeech.Samples(c.Path))).ToArray();
        Assert.Equal(8, clips.Length);
        var alone = clips.Select(c => RavdessSpeech.Transcribe(transcriber, c.Samples)).ToArray();

        // Twice over, pieces of different sizes, all at once: more sessions than decoders at times.
        var together = await Task.WhenAll(clips.Concat(clips).Select((c, i) => Task.Run(() => RavdessSpeech.Transcribe(transcriber, c.Samples, pieceLength: 3_000 + (997 * i)))));

        for (var i = 0; i < together.Length; i++)
        {
            // Each utterance is decoded whole with its own normalisation, so sharing decoders changes nothing.
            Assert.Equal(alone[i % clips.Length].Words, together[i].Words);
        }

        Assert.True(clips.Select((c, i) => WordErrorRate.Compute(c.Sentence, alone[i].Text)).Average() <= 0.34,
            string.Join(" | ", alone.Select(t => t.Text)));
    }

    [Fact]
    public void A_transcript_does_not_depend_on_what_its_decoder_heard_before()
    {
        using var transcriber = PocketSphinx.PocketSphinxTranscriber.TryCreate(
            new PocketSphinx.PocketSphinxOptions { MaxDecoders = 1 }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, out var reason);
        if (transcriber is null)
        {
            Testing.Requirement.Unmet($"PocketSphinx is not available: {reason}");
        }

        var clip = RavdessSpeech.Samples(RavdessSpeech.Clips("02", 7)[0].Path);
        var other = RavdessSpeech.Samples(RavdessSpeech.Clips("05", 7)[1].Path).Select(s => s * 0.3f).ToArray();

        // One decoder: the second run of the clip comes after a loud angry clip at another level.
        var first = RavdessSpeech.Transcribe(transcriber!, clip);
        RavdessSpeech.Transcribe(transcriber!, other);
        RavdessSpeech.Transcribe(transcriber!, Signal.Silence(2, noise: 0.01));
        var again = RavdessSpeech.Transcribe(transcriber!, clip);

        Assert.NotEmpty(first.Words);
        Assert.Equal(first.Words, again.Words);
    }
}
