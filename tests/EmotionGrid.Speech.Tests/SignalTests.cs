using EmotionGrid.Speech.PocketSphinx;

namespace EmotionGrid.Speech.Tests;

/// <summary>The pieces around the recogniser: 16-bit conversion, energy-based speech span and cut points, word forms.</summary>
public sealed class SignalTests
{
    [Fact]
    public void Float_samples_become_16_bit_rounded_and_clipped_never_wrapped()
    {
        float[] samples = [0f, 0.5f, -0.5f, 1f, -1f, 1.5f, -2f, float.NaN, 1e-5f];
        var pcm = new short[samples.Length];

        Pcm16.Convert(samples, pcm);

        Assert.Equal([0, 16384, -16384, 32767, -32767, 32767, -32768, 0, 0], pcm);
    }

    [Fact]
    public void The_speech_span_is_the_loud_part_with_a_little_silence_either_side()
    {
        var audio = Signal.Concat(Signal.Silence(1.0, noise: 1e-4), Signal.Tone(0.5, 0.3), Signal.Silence(1.5, noise: 1e-4));

        var (offset, length) = FrameEnergy.SpeechSpan(Signal.Pcm(audio)).GetOffsetAndLength(audio.Length);

        var padding = FrameEnergy.PaddingFrames * FrameEnergy.FrameLength;
        Assert.InRange(offset, 16_000 - padding - 160, 16_000 - padding + 160);
        Assert.InRange(offset + length, 24_000 + padding - 160, 24_000 + padding + 160);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-3)]
    public void Silence_and_steady_noise_have_no_speech_span(double noise) =>
        Assert.Equal(0, FrameEnergy.SpeechSpan(Signal.Pcm(Signal.Silence(2, noise))).GetOffsetAndLength(32_000).Length);

    [Fact]
    public void A_long_recording_is_cut_in_its_pause()
    {
        var audio = Signal.Concat(Signal.Tone(1.3, 0.3), Signal.Silence(0.4, noise: 1e-4), Signal.Tone(1.3, 0.3));

        var cut = FrameEnergy.QuietestCut(Signal.Pcm(audio), 8_000, audio.Length - 8_000);

        Assert.InRange(cut, 1.3 * 16_000, 1.7 * 16_000);
    }

    [Theory]
    [InlineData("the(2)", "the")]
    [InlineData("door", "door")]
    [InlineData("(paren)", "(paren)")]
    public void Alternate_pronunciations_are_reported_as_the_word(string word, string expected) =>
        Assert.Equal(expected, PocketSphinxDecoder.BaseForm(word));

    [Theory]
    [InlineData("<s>", true)]
    [InlineData("</s>", true)]
    [InlineData("<sil>", true)]
    [InlineData("[NOISE]", true)]
    [InlineData("++BREATH++", true)]
    [InlineData("kids", false)]
    public void Silence_sentence_marks_and_noise_are_fillers(string word, bool filler) =>
        Assert.Equal(filler, PocketSphinxDecoder.IsFiller(word));
}
