using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests;

public sealed class LogMelStatisticsEmbedderTests
{
    private readonly LogMelStatisticsEmbedder _embedder = new();

    [Fact]
    public void Describes_its_layout()
    {
        Assert.Equal("logmel-v1", _embedder.Id);
        Assert.Equal(256, _embedder.Dimension);
    }

    [Fact]
    public void Real_speech_embeds_to_finite_deterministic_distinct_vectors()
    {
        var files = TestData.RavdessFiles("16k/Actor_01").Take(12).ToArray();
        var decoder = new WavDecoder();
        var vectors = files.Select(f => _embedder.Embed(decoder.Decode(f).Samples)).ToArray();

        foreach (var (file, vector) in files.Zip(vectors))
        {
            Assert.Equal(256, vector.Length);
            Assert.All(vector, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(vector, _embedder.Embed(decoder.Decode(file).Samples));
        }

        for (var i = 0; i < vectors.Length; i++)
        {
            for (var j = i + 1; j < vectors.Length; j++)
            {
                var distance = Math.Sqrt(vectors[i].Zip(vectors[j], (a, b) => (double)(a - b) * (a - b)).Sum());
                Assert.True(distance > 0.5, $"{Path.GetFileName(files[i])} vs {Path.GetFileName(files[j])}: distance {distance}");
            }
        }
    }

    [Fact]
    public void Silence_embeds_to_the_log_floor_with_zero_spread()
    {
        var vector = _embedder.Embed(new float[3 * 16_000]);

        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.All(vector[..64], v => Assert.Equal(Math.Log(1e-10), v, 1e-3));
        Assert.All(vector[64..], v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(399)]
    [InlineData(400)]
    [InlineData(559)]
    public void Clips_shorter_than_two_frames_still_embed(int length)
    {
        var vector = _embedder.Embed(Signals.Sine(440, 16_000, length));

        Assert.Equal(256, vector.Length);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.All(vector[128..], v => Assert.Equal(0f, v)); // one frame: no deltas
    }

    [Fact]
    public void A_tone_is_loudest_in_the_band_centred_nearest_it()
    {
        var vector = _embedder.Embed(Signals.Sine(1_000, 16_000, 16_000));
        var bank = new MelFilterbank(64, 512, 16_000, 0, 8_000);

        var loudest = Array.IndexOf(vector, vector[..64].Max());
        var nearest = Enumerable.Range(0, 64).MinBy(b => Math.Abs(bank.CentreFrequencies[b] - 1_000));
        Assert.InRange(loudest, nearest - 1, nearest + 1);
    }

    [Fact]
    public void Changing_loudness_shifts_the_means_only()
    {
        var clip = Signals.Sine(300, 16_000, 16_000);
        var louder = clip.Select(s => s * 2).ToArray();

        var a = _embedder.Embed(clip);
        var b = _embedder.Embed(louder);

        // Doubling amplitude adds log(4) to every band with energy far above the floor.
        var band = Array.IndexOf(a, a[..64].Max());
        Assert.Equal(Math.Log(4), b[band] - a[band], 1e-3);
        Assert.Equal(a[64 + band], b[64 + band], 1e-3);
    }

    [Fact]
    public void Concurrent_calls_agree()
    {
        var clip = Signals.Sine(220, 16_000, 48_000).Select((s, i) => s * (float)Math.Sin(i / 5000.0)).ToArray();
        var expected = _embedder.Embed(clip);

        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = _embedder.Embed(clip));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Non_finite_input_is_refused_rather_than_embedded()
    {
        var clip = new float[16_000];
        clip[5000] = float.NaN;

        Assert.Throws<ArgumentException>(() => _embedder.Embed(clip));
    }
}
