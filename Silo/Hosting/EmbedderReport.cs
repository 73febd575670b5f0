using EmotionGrid.Audio;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Hosting;

/// <summary>Says at start which embedder runs (for Wav2Vec2 which execution provider and why) and how many files at once.</summary>
public sealed class EmbedderReport(IAudioEmbedder embedder, IOptions<EmotionGridOptions> options, ILogger<EmbedderReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (embedder is Wav2Vec2Embedder w2v)
        {
            logger.LogInformation("Embedder {Embedder}: {Dimension}-d Wav2Vec2 ({Mask}) on {Provider}: {Reason}",
                w2v.Id, w2v.Dimension, w2v.HasAttentionMask ? "attention_mask: padded batches" : "no attention_mask: equal-length batches", w2v.SelectedProvider, w2v.ProviderReason);
        }
        else
        {
            logger.LogInformation("Embedder {Embedder}: {Dimension}-d", embedder.Id, embedder.Dimension);
        }

        logger.LogInformation("Embedding up to {Concurrency} files at once; up to {Predictions} predictions at once",
            options.Value.EffectiveProcessingConcurrency, options.Value.EffectivePredictionConcurrency);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
