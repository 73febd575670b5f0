using EmotionGrid.Audio.Features;
using EmotionGrid.Testing;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

public sealed class VoiceFeatureEmbedderTests
{
    private readonly VoiceFeatureEmbedder _embedder = new();

    [Fact]
    public void Describes_its_layout_with_the_v1_names_first()
    {
        var names = VoiceFeatureEmbedder.FeatureNames;

        Assert.Equal("acoustic-v2", _embedder.Id);
        Assert.Equal(225, _embedder.Dimension);
        Assert.Equal(_embedder.Dimension, names.Count);
        Assert.Equal(173 + VoiceFeatureEmbedder.AddedCount, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(AcousticFeatureEmbedder.FeatureNames, names.Take(173));
        Assert.Equal("f0_st27_cv", names[173]);
        Assert.Equal("unvoiced_segment_s_std", names[^1]);
        Assert.All(names, n => Assert.Matches("^[a-z0-9_]+$", n));
    }

    [Fact]
    public void The_first_173_values_are_acoustic_v1_bit_for_bit()
    {
        var v1 = new AcousticFeatureEmbedder();
        var clips = TestData.RavdessFiles("16k/Actor_01").Take(6).Select(Load).ToList();
        clips.Add(Glide(150, 0.5, 8, -8));
        clips.Add(new float[100]);

        foreach (var clip in clips)
        {
            var expected = v1.Embed(clip);
            var actual = _embedder.Embed(clip);

            Assert.Equal(225, actual.Length);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Take(173).Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(399)]
    [InlineData(401)]
    [InlineData(3 * SampleRate)]
    public void Silence_and_short_clips_embed_to_finite_values(int length)
    {
        var silence = _embedder.Embed(new float[length]);
        var tone = _embedder.Embed(Signals.Sine(220, SampleRate, length));

        Assert.All(silence, v => Assert.True(float.IsFinite(v)));
        Assert.All(tone, v => Assert.True(float.IsFinite(v)));
        Assert.All(silence[173..], v => Assert.Equal(0f, v)); // silence: nothing voiced, loud or sloped
    }

    [Fact]
    public void Non_finite_input_is_refused()
    {
        var clip = Glide(150, 0.5, 8);
        clip[3000] = float.PositiveInfinity;

        Assert.Throws<ArgumentException>(() => _embedder.Embed(clip));
        clip[3000] = float.NaN;
        Assert.Throws<ArgumentException>(() => _embedder.Embed(clip));
    }

    [Fact]
    public void Concurrent_calls_agree_and_are_deterministic()
    {
        var clip = TestData.RavdessFiles("16k/Actor_01").Select(Load).First();
        var expected = _embedder.Embed(clip);

        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = _embedder.Embed(clip));

        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Equal(expected, new VoiceFeatureEmbedder().Embed(clip));
    }

    [Fact]
    public void Real_speech_gives_plausible_voice_measures()
    {
        var vectors = TestData.RavdessFiles("16k/Actor_01").Take(8).Select(Load).Select(c => _embedder.Embed(c)).ToArray();

        foreach (var v in vectors)
        {
            Assert.All(v, x => Assert.True(float.IsFinite(x)));
            Assert.InRange(v[Index("jitter_local")], 0.002, 0.08);
            Assert.InRange(v[Index("shimmer_local_db")], 0.1, 2.5);
            Assert.InRange(v[Index("hnr_db_mean")], 3, 30);
            Assert.InRange(v[Index("f1_khz_mean")], 0.3, 1.0);
            Assert.InRange(v[Index("f2_khz_mean")], 1.0, 2.5);
            Assert.InRange(v[Index("f3_khz_mean")], 2.0, 3.8);
            Assert.InRange(v[Index("voiced_segments_per_s")], 0.3, 10);
            Assert.InRange(v[Index("loudness_peaks_per_s")], 0.2, 8);
        }
    }

    private static float[] Load(string path)
    {
        using var stream = File.OpenRead(path);
        return new AudioFrontEnd().Prepare(stream).Samples.ToArray();
    }
}
