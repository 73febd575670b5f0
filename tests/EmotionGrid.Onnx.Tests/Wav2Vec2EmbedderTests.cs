using EmotionGrid.OnnxModels;
using EmotionGrid.OnnxModels.OnnxFormat;
using EmotionGrid.Onnx.Wav2Vec2;

namespace EmotionGrid.Onnx.Tests;

/// <summary>The Wav2Vec2 embedder on generated models: discovery, the vector definition, batching that does not change results.</summary>
public sealed class Wav2Vec2EmbedderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-w2v-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_vector_is_the_mean_of_the_reference_hidden_states_of_the_normalised_clip(bool withMask)
    {
        using var embedder = Embedder(withMask);
        var clip = OnnxTestRuntime.RandomSamples(12_345, seed: 3);

        var vector = embedder.Embed(clip);

        var normalised = Normalised(clip);
        var reference = Wav2Vec2Reference.Run(OnnxTestRuntime.Tiny(withMask).Weights, normalised, 1, withMask ? Enumerable.Repeat(1L, clip.Length).ToArray() : null);
        var (frames, hidden) = (reference.Shape[1], reference.Shape[2]);
        Assert.Equal(ConvFrames.Count(clip.Length), frames);
        var expected = new float[hidden];
        for (var t = 0; t < frames; t++)
        {
            for (var h = 0; h < hidden; h++)
            {
                expected[h] += reference.Data[(t * hidden) + h] / frames;
            }
        }

        Assert.Equal(32, embedder.Dimension);
        OnnxTestRuntime.Report($"relative L2 against the C# reference: {RelativeL2(expected, vector):E2}");
        Assert.True(RelativeL2(expected, vector) < 1e-5, $"relative L2 {RelativeL2(expected, vector)}");
        Assert.Equal(withMask, embedder.HasAttentionMask);
    }

    [Theory]
    [InlineData(true, new[] { 9_000, 16_000, 23_456, 4_000, 16_000, 31_000 })]
    [InlineData(false, new[] { 16_000, 16_000, 16_000, 9_000, 9_000, 12_000 })]
    public void A_clip_batched_equals_the_clip_alone(bool withMask, int[] lengths)
    {
        using var embedder = Embedder(withMask, maxBatch: 4);
        var clips = lengths.Select((n, i) => OnnxTestRuntime.RandomSamples(n, seed: 100 + i)).ToList();

        var batched = embedder.EmbedBatch(clips);

        for (var i = 0; i < clips.Count; i++)
        {
            var alone = embedder.Embed(clips[i]);
            Assert.True(RelativeL2(alone, batched[i]) < 1e-4, $"clip {i} ({lengths[i]} samples): relative L2 {RelativeL2(alone, batched[i])}");
        }
    }

    [Fact]
    public void The_id_names_the_model_file_so_vectors_of_different_models_never_mix()
    {
        using var a = Embedder(false);
        using var b = Embedder(false);
        var otherPath = Path.Combine(_folder, "other.onnx");
        Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, seed: 99, withAttentionMask: false).WriteTo(otherPath);
        using var c = new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = otherPath }, CpuOptions());

        Assert.Matches("^wav2vec2-[0-9a-f]{12}$", a.Id);
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
    }

    [Fact]
    public void A_model_that_is_not_a_wav2vec2_encoder_is_refused_with_what_it_has()
    {
        var graph = new OnnxGraphBuilder("not_wav2vec2");
        var input = graph.AddInput("input_values", OnnxDataType.Float, "batch", "samples");
        graph.Identity(input, "logits");
        graph.AddOutput("logits", OnnxDataType.Float, "batch", "samples");
        var path = Path.Combine(_folder, "classifier.onnx");
        using (var file = File.Create(path))
        {
            graph.WriteModel(file, "test");
        }

        var error = Assert.Throws<InvalidDataException>(() => new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = path }, CpuOptions()));
        Assert.Contains("last_hidden_state", error.Message);
        Assert.Contains("logits", error.Message);
    }

    [Fact]
    public void A_missing_model_file_says_which_setting_to_fix()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = Path.Combine(_folder, "nope.onnx") }));
        Assert.Contains("EmotionGrid:Embedding:Wav2Vec2:ModelPath", error.Message);
    }

    [Fact]
    public void A_truncated_model_file_is_refused_with_ORT_s_reason_and_the_path()
    {
        var path = Path.Combine(_folder, "broken.onnx");
        File.WriteAllBytes(path, OnnxTestRuntime.TinyBytes(false).AsSpan(0, 5_000).ToArray());

        var error = Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = path }, CpuOptions()));

        Assert.Contains("broken.onnx", error.Message, StringComparison.Ordinal);
        OnnxTestRuntime.Report(error.Message);
    }

    [Fact]
    public void Garbage_is_refused_not_a_crash()
    {
        var path = Path.Combine(_folder, "garbage.onnx");
        File.WriteAllText(path, "not a model at all");

        var error = Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = path }, CpuOptions()));

        Assert.Contains("garbage.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_threads_on_one_embedder_get_what_sequential_calls_get()
    {
        using var embedder = Embedder(true);
        var clips = Enumerable.Range(0, 24).Select(i => OnnxTestRuntime.RandomSamples(1_600 + (i * 160), 100 + i)).ToArray();
        var sequential = clips.Select(c => embedder.Embed(c)).ToArray();
        var concurrent = new float[clips.Length][];

        Parallel.For(0, clips.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => concurrent[i] = embedder.Embed(clips[i]));

        for (var i = 0; i < clips.Length; i++)
        {
            Assert.Equal(sequential[i], concurrent[i]);
        }
    }

    [Fact]
    public void Silence_and_very_short_clips_embed_to_finite_vectors()
    {
        using var embedder = Embedder(true);
        Assert.All(embedder.Embed(new float[16_000]), v => Assert.True(float.IsFinite(v)));
        Assert.All(embedder.Embed(OnnxTestRuntime.RandomSamples(200, 5)), v => Assert.True(float.IsFinite(v)));
    }

    private Wav2Vec2Embedder Embedder(bool withMask, int maxBatch = 8)
    {
        var path = Path.Combine(_folder, withMask ? "masked.onnx" : "plain.onnx");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, OnnxTestRuntime.TinyBytes(withMask));
        }

        return new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = path, MaxBatchSize = maxBatch }, CpuOptions(), OrtLog.Logger);
    }

    private static OnnxSessionOptions CpuOptions()
    {
        OnnxTestRuntime.EnsureEnvironment();
        return OnnxTestRuntime.Cpu;
    }

    private static float[] Normalised(float[] clip)
    {
        var mean = clip.Average(x => (double)x);
        var variance = clip.Average(x => ((double)x - mean) * ((double)x - mean));
        return clip.Select(x => (float)((x - mean) / Math.Sqrt(variance + 1e-7))).ToArray();
    }

    private static double RelativeL2(float[] expected, float[] actual)
    {
        double diff = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            diff += Math.Pow(expected[i] - actual[i], 2);
            norm += Math.Pow(expected[i], 2);
        }

        return Math.Sqrt(diff / Math.Max(norm, 1e-30));
    }
}
