using EmotionGrid.Audio.Features;
using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests.Features;

public sealed class AcousticFeatureEmbedderTests
{
    private const int SampleRate = 16_000;
    private static readonly int F0Mean = Index("f0_mean_st");
    private static readonly int F0Std = Index("f0_std_st");
    private static readonly int F0Min = Index("f0_min_st");
    private static readonly int F0Max = Index("f0_max_st");
    private static readonly int Voiced = Index("voiced_fraction");

    private readonly AcousticFeatureEmbedder _embedder = new();
    private readonly ITestOutputHelper _output;

    public AcousticFeatureEmbedderTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Describes_its_layout()
    {
        var names = AcousticFeatureEmbedder.FeatureNames;

        Assert.Equal("acoustic-v1", _embedder.Id);
        Assert.Equal(173, _embedder.Dimension);
        Assert.Equal(_embedder.Dimension, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("mfcc_00_mean", names[0]);
        Assert.Equal("mfcc_delta_00_mean", names[20]);
        Assert.Equal("mfcc_delta2_19_mean", names[59]);
        Assert.Equal("zcr_mean", names[60]);
        Assert.Equal("rms_mean", names[61]);
        Assert.Equal("centroid_khz_mean", names[62]);
        Assert.Equal("contrast_0_mean", names[65]);
        Assert.Equal("chroma_c_mean", names[72]);
        Assert.Equal("chroma_a_mean", names[81]);
        Assert.Equal("chroma_b_mean", names[83]);
        Assert.Equal("mfcc_00_std", names[84]);
        Assert.Equal("chroma_b_std", names[167]);
        Assert.Equal(["f0_mean_st", "f0_std_st", "f0_min_st", "f0_max_st", "voiced_fraction"], names.Skip(168));
        Assert.All(names, n => Assert.Matches("^[a-z0-9_]+$", n));
    }

    [Fact]
    public void Three_seconds_of_silence_embed_to_finite_values_with_no_voicing()
    {
        var vector = _embedder.Embed(new float[3 * SampleRate]);

        Assert.Equal(173, vector.Length);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(Math.Log(1e-6), vector[0], 1e-3); // c0 / sqrt(40) = ln(offset)
        Assert.All(vector[84..], v => Assert.Equal(0f, v)); // nothing varies, nothing is voiced
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(399)]
    [InlineData(400)]
    [InlineData(559)]
    public void Clips_shorter_than_two_frames_still_embed(int length)
    {
        var vector = _embedder.Embed(Signals.Sine(440, SampleRate, length));

        Assert.Equal(173, vector.Length);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.All(vector[20..60], v => Assert.Equal(0f, v)); // one frame: no deltas
        Assert.All(vector[84..168], v => Assert.Equal(0f, v)); // one frame: no spread
    }

    [Fact]
    public void A_steady_tone_reports_its_pitch_in_semitones_above_55_hz()
    {
        var vector = _embedder.Embed(YinPitchTrackerTests.Harmonic(220, SampleRate, [0.5, 0.3, 0.2, 0.1]));

        Assert.Equal(24, vector[F0Mean], 0.1); // 220 Hz is two octaves above 55 Hz
        Assert.InRange(vector[F0Std], 0, 0.1);
        Assert.Equal(24, vector[F0Min], 0.15);
        Assert.Equal(24, vector[F0Max], 0.15);
        Assert.InRange(vector[Voiced], 0.95, 1);
        Assert.Equal(0.44, vector[Index("centroid_khz_mean")], 0.25);
        Assert.Equal(9, Array.IndexOf(vector[72..84], vector[72..84].Max()));
    }

    [Fact]
    public void A_glide_spreads_the_pitch_statistics()
    {
        // 120 -> 240 Hz over one second: 0 .. 12 semitones above 120 Hz.
        var x = new float[SampleRate];
        double phase = 0;
        for (var n = 0; n < x.Length; n++)
        {
            phase += 2 * Math.PI * 120 * Math.Pow(2, (double)n / x.Length) / SampleRate;
            x[n] = (float)(0.4 * Math.Sin(phase));
        }

        var vector = _embedder.Embed(x);

        var st120 = 12 * Math.Log2(120 / 55.0);
        Assert.Equal(st120, vector[F0Min], 0.5);
        Assert.Equal(st120 + 12, vector[F0Max], 0.5);
        Assert.Equal(st120 + 6, vector[F0Mean], 0.5);
        Assert.Equal(12 / Math.Sqrt(12), vector[F0Std], 0.3); // a uniform spread over 12 semitones
    }

    [Fact]
    public void Scaled_features_stay_within_a_few_tens()
    {
        var random = new Random(11);
        var noisyTone = Signals.Sine(180, SampleRate, 2 * SampleRate).Select(s => s + (float)((random.NextDouble() - 0.5) * 0.1)).ToArray();

        var vector = _embedder.Embed(noisyTone);

        Assert.All(vector, v => Assert.InRange(Math.Abs(v), 0, 60));
    }

    [Fact]
    public void Concurrent_calls_agree_and_are_deterministic()
    {
        var clip = Signals.Sine(220, SampleRate, 48_000).Select((s, i) => s * (float)Math.Sin(i / 5000.0)).ToArray();
        var expected = _embedder.Embed(clip);

        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = _embedder.Embed(clip));

        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Equal(expected, new AcousticFeatureEmbedder().Embed(clip));
    }

    [Fact]
    public void Non_finite_input_is_refused_rather_than_embedded()
    {
        var clip = new float[SampleRate];
        clip[5000] = float.NaN;

        Assert.Throws<ArgumentException>(() => _embedder.Embed(clip));
    }

    [Fact]
    public void Real_speech_embeds_to_finite_deterministic_distinct_vectors()
    {
        var files = TestData.RavdessFiles("16k/Actor_01").Take(12).ToArray();
        var clips = files.Select(Load).ToArray();
        var vectors = clips.Select(c => _embedder.Embed(c)).ToArray();

        foreach (var (clip, vector) in clips.Zip(vectors))
        {
            Assert.Equal(AcousticFeatureEmbedder.FeatureNames.Count, vector.Length);
            Assert.All(vector, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(vector, _embedder.Embed(clip));
            Assert.InRange(vector[Voiced], 0.05, 0.9); // speech with pauses around it
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
    public void The_female_actor_speaks_higher_than_the_male_actor()
    {
        var male = TestData.RavdessFiles("16k/Actor_01").Select(f => _embedder.Embed(Load(f))).ToArray();
        var female = TestData.RavdessFiles("16k/Actor_02").Select(f => _embedder.Embed(Load(f))).ToArray();

        double maleF0 = male.Average(v => v[F0Mean]), femaleF0 = female.Average(v => v[F0Mean]);
        _output.WriteLine($"actor 1: {55 * Math.Pow(2, maleF0 / 12):F0} Hz ({maleF0:F2} st), voiced {male.Average(v => v[Voiced]):P0}");
        _output.WriteLine($"actor 2: {55 * Math.Pow(2, femaleF0 / 12):F0} Hz ({femaleF0:F2} st), voiced {female.Average(v => v[Voiced]):P0}");

        Assert.True(femaleF0 > maleF0 + 3, $"actor 2 mean F0 {femaleF0:F2} st is not clearly above actor 1's {maleF0:F2} st");
        Assert.True(female.Count(v => v[F0Mean] > maleF0) > female.Length * 0.8);
    }

    private static float[] Load(string path)
    {
        using var stream = File.OpenRead(path);
        return new AudioFrontEnd().Prepare(stream).Samples;
    }

    private static int Index(string name)
    {
        var index = AcousticFeatureEmbedder.FeatureNames.ToList().IndexOf(name);
        Assert.True(index >= 0, name);
        return index;
    }
}
