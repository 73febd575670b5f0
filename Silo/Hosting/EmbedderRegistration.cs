using EmotionGrid.Audio;
using EmotionGrid.Audio.Batching;
using EmotionGrid.Audio.Features;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.Silo.Configuration;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Silo.Hosting;

public static class EmbedderRegistration
{
    /// <summary>
    /// The silo's one embedder, chosen by <c>EmotionGrid:Embedding:Embedder</c> (validated before this runs).
    /// Wav2Vec2 is built here, at start, so a missing model or provider stops the silo with the reason instead of
    /// failing every file later; its clips go through one <see cref="DynamicBatcher"/> per silo, shared by file
    /// processing and predictions. Returns the batching in force (null for the acoustic embedders).
    /// </summary>
    public static DynamicBatchingOptions? AddEmbedder(this IServiceCollection services, EmotionGridOptions options, ILoggerFactory loggers)
    {
        switch (options.EffectiveEmbedder)
        {
            case "logmel":
                services.AddSingleton<IAudioEmbedder, LogMelStatisticsEmbedder>();
                return null;
            case "wav2vec2":
                var embedder = CreateWav2Vec2(options, loggers);
                var batching = Batching(options.Embedding.Wav2Vec2, embedder.SelectedProvider);
                var batcher = new DynamicBatcher(embedder, batching);
                services.AddSingleton(embedder);
                services.AddSingleton(batcher);
                services.AddSingleton<IAudioEmbedder>(batcher);
                services.AddSingleton<IQueuedAudioEmbedder>(batcher);
                return batching;
            case "acoustic-v1":
                services.AddSingleton<IAudioEmbedder, AcousticFeatureEmbedder>();
                return null;
            default:
                services.AddSingleton<IAudioEmbedder, VoiceFeatureEmbedder>();
                return null;
        }
    }

    /// <summary>The provider's measured defaults, each overridden by a setting that is present.</summary>
    private static DynamicBatchingOptions Batching(Wav2Vec2Settings settings, OnnxExecutionProvider provider)
    {
        var defaults = Wav2Vec2Batching.Defaults(provider);
        return defaults with
        {
            MaxBatch = settings.EffectiveMaxBatch ?? defaults.MaxBatch,
            MaxBatchSeconds = settings.MaxBatchSeconds ?? defaults.MaxBatchSeconds,
            MaxWait = settings.MaxWaitMilliseconds is { } wait ? TimeSpan.FromMilliseconds(wait) : defaults.MaxWait,
            Runners = settings.ConcurrentRuns ?? defaults.Runners,
        };
    }

    private static Wav2Vec2Embedder CreateWav2Vec2(EmotionGridOptions options, ILoggerFactory loggers)
    {
        var onnx = options.Onnx;
        var logger = loggers.CreateLogger("EmotionGrid.Onnx");
        try
        {
            OnnxEnvironment.Configure(logger, Enum.Parse<OnnxLogSeverity>(onnx.LogSeverity, ignoreCase: true));
            var session = new OnnxSessionOptions
            {
                ExecutionProvider = OnnxSessionOptions.ParseExecutionProvider(onnx.ExecutionProvider),
                CudaDeviceId = onnx.CudaDeviceId,
                CudaMemoryLimitBytes = onnx.CudaMemoryLimitMegabytes * 1024 * 1024,
                CudnnConvAlgoSearch = Enum.Parse<CudnnConvAlgoSearch>(onnx.CudnnConvAlgoSearch, ignoreCase: true),
                IntraOpThreads = onnx.IntraOpThreads,
                InterOpThreads = onnx.InterOpThreads,
                AllowSpinning = onnx.AllowSpinning,
                GraphOptimizationLevel = Enum.Parse<OnnxGraphOptimizationLevel>(onnx.GraphOptimizationLevel, ignoreCase: true),
            };
            var w2v = options.Embedding.Wav2Vec2;
            return new Wav2Vec2Embedder(new Wav2Vec2Options
            {
                ModelPath = Path.GetFullPath(w2v.ModelPath!),
                Normalize = w2v.Normalize,

                // The batcher decides what shares a run; this only splits a group too large for memory.
                MaxBatchSize = 256,
                MaxBatchSeconds = double.MaxValue,
                MaxConcurrentRuns = 16,
            }, session, logger);
        }
        catch (Exception e) when (e is OnnxRuntimeException or OnnxExecutionProviderException or FileNotFoundException or InvalidDataException
                                      or DllNotFoundException or TypeInitializationException)
        {
            throw new SiloStartupException($"the wav2vec2 embedder cannot start: {e.Message}", e);
        }
    }
}
