using EmotionGrid.Audio.Batching;

namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>
/// Dynamic batching defaults per execution provider, chosen by measurement (<c>bench -- embed</c>, docs/wav2vec2.md):
/// on CPU one run already uses every intra-op thread and batching did not pay (padded clips cost more than they
/// save), so clips run one at a time; on CUDA throughput comes from many clips per run.
/// </summary>
public static class Wav2Vec2Batching
{
    public static DynamicBatchingOptions Defaults(OnnxExecutionProvider provider) => provider == OnnxExecutionProvider.Cuda
        ? new DynamicBatchingOptions { MaxBatch = 32, MaxBatchSeconds = 320, MaxWait = TimeSpan.FromMilliseconds(5), Runners = 2 }
        : new DynamicBatchingOptions { MaxBatch = 1, MaxBatchSeconds = 160, MaxWait = TimeSpan.Zero, Runners = 1 };
}
