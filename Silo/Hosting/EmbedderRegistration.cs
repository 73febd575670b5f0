using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.Silo.Configuration;

namespace EmotionGrid.Silo.Hosting;

public static class EmbedderRegistration
{
    /// <summary>
    /// The silo's one embedder, chosen by <c>EmotionGrid:Embedding:Embedder</c> (validated before this runs).
    /// Wav2Vec2 is built here, at start, so a missing model or library stops the silo with the reason
    /// instead of failing every file later.
    /// </summary>
    public static IServiceCollection AddEmbedder(this IServiceCollection services, EmotionGridOptions options)
    {
        switch (options.EffectiveEmbedder)
        {
            case "logmel":
                return services.AddSingleton<IAudioEmbedder, LogMelStatisticsEmbedder>();
            case "wav2vec2":
                var embedder = CreateWav2Vec2(options);
                services.AddSingleton(embedder);
                return services.AddSingleton<IAudioEmbedder>(embedder);
            default:
                return services.AddSingleton<IAudioEmbedder, AcousticFeatureEmbedder>();
        }
    }

    private static Wav2Vec2Embedder CreateWav2Vec2(EmotionGridOptions options)
    {
        var onnx = options.Onnx;
        try
        {
            var runtime = OnnxRuntime.Load(new OnnxRuntimeOptions
            {
                LibraryPath = onnx.LibraryPath,
                LogSeverity = Enum.Parse<OnnxLogSeverity>(onnx.LogSeverity, ignoreCase: true),
            });
            var session = new OnnxSessionOptions
            {
                ExecutionProvider = OnnxSessionOptions.ParseExecutionProvider(onnx.ExecutionProvider),
                CudaDeviceId = onnx.CudaDeviceId,
                IntraOpThreads = onnx.IntraOpThreads,
                InterOpThreads = onnx.InterOpThreads,
                AllowSpinning = onnx.AllowSpinning,
                GraphOptimizationLevel = Enum.Parse<OnnxGraphOptimizationLevel>(onnx.GraphOptimizationLevel, ignoreCase: true),
            };
            var w2v = options.Embedding.Wav2Vec2;
            return new Wav2Vec2Embedder(runtime, new Wav2Vec2Options
            {
                ModelPath = Path.GetFullPath(w2v.ModelPath!),
                Normalize = w2v.Normalize,
                MaxBatchSize = w2v.MaxBatchSize,
                MaxBatchSeconds = w2v.MaxBatchSeconds,
            }, session);
        }
        catch (Exception e) when (e is OnnxRuntimeUnavailableException or OnnxRuntimeException or FileNotFoundException or InvalidDataException)
        {
            throw new SiloStartupException($"the wav2vec2 embedder cannot start: {e.Message}", e);
        }
    }
}
