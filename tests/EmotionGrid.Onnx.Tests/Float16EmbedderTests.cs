using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.OnnxModels;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// float16 exports (input and/or output float16, fp16 weights): the embedder converts at the boundary, and its vectors
/// equal the C# reference of the same function (input rounded to half where the model takes half, the output's
/// rounding to half bounding the error where it gives half).
/// </summary>
public sealed class Float16EmbedderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-fp16-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(Wav2Vec2Precision.Float16Input, false, 1e-5)]
    [InlineData(Wav2Vec2Precision.Float16Input, true, 1e-5)]
    [InlineData(Wav2Vec2Precision.Float16Output, true, 1e-3)]
    [InlineData(Wav2Vec2Precision.Float16, false, 1e-3)]
    [InlineData(Wav2Vec2Precision.Float16, true, 1e-3)]
    public void A_float16_export_embeds_what_the_reference_computes(Wav2Vec2Precision precision, bool withMask, double tolerance)
    {
        var model = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, OnnxTestRuntime.Seed, withMask, precision);
        using var embedder = Load(model, $"{precision}-{withMask}.onnx");
        var clip = OnnxTestRuntime.RandomSamples(9_876, seed: 31);

        var vector = embedder.Embed(clip);

        Assert.Equal(precision is Wav2Vec2Precision.Float16Input or Wav2Vec2Precision.Float16, embedder.Signature.InputIsHalf);
        Assert.Equal(precision is Wav2Vec2Precision.Float16Output or Wav2Vec2Precision.Float16, embedder.Signature.OutputIsHalf);
        var expected = ReferenceVector(model, clip, halfInput: embedder.Signature.InputIsHalf);
        var error = OnnxTestRuntime.RelativeL2(vector, expected);
        OnnxTestRuntime.Report($"{precision}, mask {withMask}: relative L2 {error:E2}");
        Assert.True(error < tolerance, $"relative L2 {error:E2} ≥ {tolerance}");
    }

    [Fact]
    public void A_float16_model_batches_padded_clips_like_it_runs_them_alone()
    {
        var model = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, OnnxTestRuntime.Seed, withAttentionMask: true, Wav2Vec2Precision.Float16);
        using var embedder = Load(model, "fp16-batch.onnx");
        var clips = new[] { 7_000, 16_000, 11_111 }.Select((n, i) => OnnxTestRuntime.RandomSamples(n, 60 + i)).ToList();

        var batched = embedder.EmbedBatch(clips);

        for (var i = 0; i < clips.Count; i++)
        {
            var error = OnnxTestRuntime.RelativeL2(batched[i], embedder.Embed(clips[i]));
            Assert.True(error < 1e-3, $"clip {i}: relative L2 {error:E2}"); // the output is rounded to half either way
        }
    }

    private Wav2Vec2Embedder Load(Wav2Vec2Model model, string name)
    {
        OnnxTestRuntime.EnsureEnvironment();
        return new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = OnnxTestRuntime.WriteModel(_folder, model, name) }, OnnxTestRuntime.Cpu, OrtLog.Logger);
    }

    /// <summary>Mean over frames of the reference hidden states of the normalised clip (rounded to half when the model takes half).</summary>
    private static float[] ReferenceVector(Wav2Vec2Model model, float[] clip, bool halfInput)
    {
        var mean = clip.Average(x => (double)x);
        var variance = clip.Average(x => ((double)x - mean) * ((double)x - mean));
        var normalised = clip.Select(x => (float)((x - mean) / Math.Sqrt(variance + 1e-7))).Select(x => halfInput ? (float)(Half)x : x).ToArray();
        var reference = Wav2Vec2Reference.Run(model.Weights, normalised, 1, model.WithAttentionMask ? Enumerable.Repeat(1L, clip.Length).ToArray() : null);
        var (frames, hidden) = (reference.Shape[1], reference.Shape[2]);
        var vector = new float[hidden];
        for (var t = 0; t < frames; t++)
        {
            for (var h = 0; h < hidden; h++)
            {
                vector[h] += reference.Data[(t * hidden) + h] / frames;
            }
        }

        return vector;
    }
}
