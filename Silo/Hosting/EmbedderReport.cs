using EmotionGrid.Audio;
using EmotionGrid.Audio.Batching;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;

namespace EmotionGrid.Silo.Hosting;

/// <summary>Says at start which embedder runs (for Wav2Vec2: ORT build, execution provider and why, batching) and how many files at once.</summary>
public sealed class EmbedderReport(IAudioEmbedder embedder, IServiceProvider services, ProcessingSettings processing, ILogger<EmbedderReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<Wav2Vec2Embedder>() is { } w2v && services.GetService<DynamicBatcher>() is { } batcher)
        {
            var batching = batcher.Options;
            logger.LogInformation(
                "Embedder {Embedder}: {Dimension}-d Wav2Vec2 ({Mask}, {Precision}) on ONNX Runtime {OrtVersion} ({OrtPackage}), provider {Provider}: {Reason}; batching up to {MaxBatch} clips / {MaxBatchSeconds} s padded per run, waiting up to {MaxWaitMs} ms, {Runners} run(s) at once",
                w2v.Id, w2v.Dimension, w2v.HasAttentionMask ? "attention_mask: padded batches" : "no attention_mask: equal-length batches",
                w2v.Signature.InputIsHalf || w2v.Signature.OutputIsHalf ? "float16 at the boundary" : "float32",
                OnnxBuild.Version, OnnxBuild.Package, w2v.SelectedProvider, w2v.ProviderReason,
                batching.MaxBatch, batching.MaxBatchSeconds, batching.MaxWait.TotalMilliseconds, batching.Runners);
        }
        else
        {
            logger.LogInformation("Embedder {Embedder}: {Dimension}-d", embedder.Id, embedder.Dimension);
        }

        logger.LogInformation("Embedding up to {Concurrency} files at once; up to {Predictions} predictions at once",
            processing.FileConcurrency, processing.PredictionConcurrency);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
