using EmotionGrid.Audio;
using EmotionGrid.Audio.Batching;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;

namespace EmotionGrid.Silo.Hosting;

/// <summary>What <c>/api/status</c> says about this silo's embedder.</summary>
public sealed class EmbedderDescription(IAudioEmbedder embedder, IServiceProvider services)
{
    public EmbedderRuntime Describe()
    {
        if (services.GetService<Wav2Vec2Embedder>() is not { } w2v || services.GetService<DynamicBatcher>() is not { } batcher)
        {
            return new EmbedderRuntime(embedder.Id, embedder.Dimension);
        }

        var statistics = batcher.Statistics;
        return new EmbedderRuntime(w2v.Id, w2v.Dimension, OnnxBuild.Version, OnnxBuild.Package,
            w2v.SelectedProvider.ToString().ToLowerInvariant(), w2v.ProviderReason,
            w2v.Signature.InputIsHalf || w2v.Signature.OutputIsHalf ? "float16" : "float32",
            batcher.Options.MaxBatch, batcher.Options.MaxBatchSeconds, batcher.Options.MaxWait.TotalMilliseconds,
            statistics.Runs, statistics.Clips, Math.Round(statistics.PaddingFraction, 4));
    }
}
