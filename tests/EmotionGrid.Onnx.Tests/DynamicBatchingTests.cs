using EmotionGrid.Audio;
using EmotionGrid.Audio.Batching;
using EmotionGrid.Onnx.Wav2Vec2;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// The dynamic batcher on a real Wav2Vec2 session: clips of concurrent callers share runs, and a clip's vector is the
/// same batched or alone (relative L2 &lt; 1e-4 with an attention mask); without a mask only equal lengths share a run.
/// </summary>
public sealed class DynamicBatchingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-batching-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task With_a_mask_concurrent_clips_of_different_lengths_share_runs_and_keep_their_vectors()
    {
        using var embedder = Load(withMask: true);
        var recorder = new RunRecorder(embedder);
        using var batcher = new DynamicBatcher(recorder, new DynamicBatchingOptions { MaxBatch = 8, MaxWait = TimeSpan.FromSeconds(2) });
        var clips = Enumerable.Range(0, 16).Select(i => OnnxTestRuntime.RandomSamples(4_000 + (i * 997), 200 + i)).ToArray();

        var vectors = await Task.WhenAll(clips.Select(c => Task.Run(() => batcher.EmbedAsync([c]))));

        for (var i = 0; i < clips.Length; i++)
        {
            var error = OnnxTestRuntime.RelativeL2(vectors[i][0], embedder.Embed(clips[i]));
            Assert.True(error < 1e-4, $"clip {i} ({clips[i].Length} samples): relative L2 {error:E2} batched vs alone");
        }

        Assert.True(recorder.Runs.Max(r => r.Length) > 1, "no run held more than one clip");
        Assert.Contains(recorder.Runs, r => r.Distinct().Count() > 1); // padded: different lengths in one run
        Assert.All(recorder.Runs, r => Assert.True(r.Length <= 8));
        Assert.Equal(clips.Length, batcher.Statistics.Clips);
        OnnxTestRuntime.Report($"runs: {string.Join(" | ", recorder.Runs.Select(r => string.Join(",", r)))}; padding {batcher.Statistics.PaddingFraction:P1}");
    }

    [Fact]
    public async Task Without_a_mask_only_clips_of_equal_length_share_a_run()
    {
        using var embedder = Load(withMask: false);
        var recorder = new RunRecorder(embedder);
        using var batcher = new DynamicBatcher(recorder, new DynamicBatchingOptions { MaxBatch = 8, MaxWait = TimeSpan.FromSeconds(1) });
        var lengths = new[] { 16_000, 9_000, 16_000, 12_000, 9_000, 16_000, 12_000, 16_000 };
        var clips = lengths.Select((n, i) => OnnxTestRuntime.RandomSamples(n, 300 + i)).ToArray();

        var vectors = await Task.WhenAll(clips.Select(c => Task.Run(() => batcher.EmbedAsync([c]))));

        Assert.All(recorder.Runs, r => Assert.Single(r.Distinct()));
        Assert.Contains(recorder.Runs, r => r.Length > 1);
        for (var i = 0; i < clips.Length; i++)
        {
            var error = OnnxTestRuntime.RelativeL2(vectors[i][0], embedder.Embed(clips[i]));
            Assert.True(error < 1e-5, $"clip {i}: relative L2 {error:E2}");
        }
    }

    private Wav2Vec2Embedder Load(bool withMask)
    {
        var path = Path.Combine(_folder, withMask ? "masked.onnx" : "plain.onnx");
        File.WriteAllBytes(path, OnnxTestRuntime.TinyBytes(withMask));
        OnnxTestRuntime.EnsureEnvironment();
        return new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = path, MaxBatchSize = 64 }, OnnxTestRuntime.Cpu, OrtLog.Logger);
    }

    /// <summary>Passes runs through, remembering each run's clip lengths.</summary>
    private sealed class RunRecorder(Wav2Vec2Embedder inner) : IBatchAudioEmbedder
    {
        public System.Collections.Concurrent.ConcurrentQueue<int[]> Runs { get; } = new();

        public string Id => inner.Id;

        public int Dimension => inner.Dimension;

        public bool CanPadClips => inner.CanPadClips;

        public float[] Embed(ReadOnlySpan<float> samples16kMono) => EmbedBatch([samples16kMono.ToArray()])[0];

        public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips)
        {
            Runs.Enqueue(clips.Select(c => c.Length).ToArray());
            return inner.EmbedBatch(clips);
        }
    }
}
