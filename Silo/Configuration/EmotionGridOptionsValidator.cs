using EmotionGrid.Storage.Azure;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Configuration;

/// <summary>Checks every setting at start; each failure is one line naming the key, the value and what is allowed.</summary>
public sealed class EmotionGridOptionsValidator : IValidateOptions<EmotionGridOptions>
{
    public ValidateOptionsResult Validate(string? name, EmotionGridOptions options)
    {
        var failures = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.DataRoot), "EmotionGrid:DataRoot must be a folder path");
        var storage = options.Storage;
        Require(storage.IsAzureBlob || storage.Provider.Equals("FileSystem", StringComparison.OrdinalIgnoreCase),
            $"EmotionGrid:Storage:Provider '{storage.Provider}' is unknown; use 'FileSystem' or 'AzureBlob'");
        Require(!storage.IsAzureBlob || !string.IsNullOrWhiteSpace(storage.ConnectionString),
            "EmotionGrid:Storage:Provider is 'AzureBlob' but EmotionGrid:Storage:ConnectionString is not set");
        Require(!storage.IsAzureBlob || AzureBlobStore.IsValidContainerName(storage.Container),
            $"EmotionGrid:Storage:Container '{storage.Container}' is not a valid container name (3-63 lowercase letters, digits and single hyphens)");
        Require(string.IsNullOrWhiteSpace(storage.ServiceVersion) || AzureBlobStore.IsKnownServiceVersion(storage.ServiceVersion),
            $"EmotionGrid:Storage:ServiceVersion '{storage.ServiceVersion}' is not a Blob service version this build knows (e.g. 2026-06-06)");
        var catalog = options.Catalog;
        Require(catalog.IsPostgres || catalog.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase),
            $"EmotionGrid:Catalog:Provider '{catalog.Provider}' is unknown; use 'Sqlite' or 'Postgres'");
        Require(!catalog.IsPostgres || !string.IsNullOrWhiteSpace(catalog.ConnectionString),
            "EmotionGrid:Catalog:Provider is 'Postgres' but EmotionGrid:Catalog:ConnectionString is not set");
        var cluster = options.Cluster;
        Require(cluster.IsAzureStorage || cluster.Provider.Equals("Localhost", StringComparison.OrdinalIgnoreCase),
            $"EmotionGrid:Cluster:Provider '{cluster.Provider}' is unknown; use 'Localhost' or 'AzureStorage'");
        Require(!cluster.IsAzureStorage || !string.IsNullOrWhiteSpace(cluster.ConnectionString ?? storage.ConnectionString),
            "EmotionGrid:Cluster:Provider is 'AzureStorage' but neither EmotionGrid:Cluster:ConnectionString nor EmotionGrid:Storage:ConnectionString is set");
        Require(!cluster.IsAzureStorage || (catalog.IsPostgres && storage.IsAzureBlob),
            "EmotionGrid:Cluster:Provider is 'AzureStorage' (several silos) but the bucket or the catalog is local to this silo: set EmotionGrid:Storage:Provider=AzureBlob and EmotionGrid:Catalog:Provider=Postgres");
        Require(string.IsNullOrWhiteSpace(cluster.AdvertisedAddress) || System.Net.IPAddress.TryParse(cluster.AdvertisedAddress, out _),
            $"EmotionGrid:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address");
        Require(cluster.ProbeTimeoutSeconds is >= 0.2 and <= 60, $"EmotionGrid:Cluster:ProbeTimeoutSeconds {cluster.ProbeTimeoutSeconds} must be in [0.2, 60]");
        Require(options.Processing.LeaseSeconds is >= 3 and <= 3600, $"EmotionGrid:Processing:LeaseSeconds {options.Processing.LeaseSeconds} must be in [3, 3600]");
        Require(!string.IsNullOrWhiteSpace(cluster.ClusterId), "EmotionGrid:Cluster:ClusterId must not be empty");
        Require(!string.IsNullOrWhiteSpace(cluster.ServiceId), "EmotionGrid:Cluster:ServiceId must not be empty");
        Require(cluster.SiloPort is > 0 and <= 65535, $"EmotionGrid:Cluster:SiloPort {cluster.SiloPort} must be in [1, 65535]");
        Require(cluster.GatewayPort is > 0 and <= 65535, $"EmotionGrid:Cluster:GatewayPort {cluster.GatewayPort} must be in [1, 65535]");
        Require(cluster.SiloPort != cluster.GatewayPort, $"EmotionGrid:Cluster:SiloPort and GatewayPort must differ (both are {cluster.SiloPort})");
        Require(options.Processing.MaxAttempts is >= 1 and <= 100, $"EmotionGrid:Processing:MaxAttempts {options.Processing.MaxAttempts} must be in [1, 100]");
        Require(options.Processing.SweepSeconds is >= 1 and <= 3600, $"EmotionGrid:Processing:SweepSeconds {options.Processing.SweepSeconds} must be in [1, 3600]");
        Require(options.Embedding.Embedder is "auto" or "acoustic" or "acoustic-v1" or "logmel" or "wav2vec2",
            $"EmotionGrid:Embedding:Embedder '{options.Embedding.Embedder}' is unknown; use 'auto', 'acoustic', 'acoustic-v1', 'logmel' or 'wav2vec2'");
        Require(options.Embedding.Embedder != "wav2vec2" || !string.IsNullOrWhiteSpace(options.Embedding.Wav2Vec2.ModelPath),
            "EmotionGrid:Embedding:Embedder is 'wav2vec2' but EmotionGrid:Embedding:Wav2Vec2:ModelPath is not set (a Wav2Vec2 ONNX export)");
        var w2v = options.Embedding.Wav2Vec2;
        Require(w2v.EffectiveMaxBatch is null or (>= 1 and <= 256), $"EmotionGrid:Embedding:Wav2Vec2:MaxBatch {w2v.EffectiveMaxBatch} must be in [1, 256]");
        Require(w2v.MaxBatchSeconds is null or (> 0 and <= 3600), $"EmotionGrid:Embedding:Wav2Vec2:MaxBatchSeconds {w2v.MaxBatchSeconds} must be in (0, 3600]");
        Require(w2v.MaxWaitMilliseconds is null or (>= 0 and <= 10_000), $"EmotionGrid:Embedding:Wav2Vec2:MaxWaitMilliseconds {w2v.MaxWaitMilliseconds} must be in [0, 10000]");
        Require(w2v.ConcurrentRuns is null or (>= 1 and <= 16), $"EmotionGrid:Embedding:Wav2Vec2:ConcurrentRuns {w2v.ConcurrentRuns} must be in [1, 16]");
        Require(string.IsNullOrWhiteSpace(options.Onnx.LibraryPath),
            "EmotionGrid:Onnx:LibraryPath is no longer used: ONNX Runtime comes from the Microsoft.ML.OnnxRuntime package; remove the setting, and build with -p:OnnxRuntimeFlavor=Cuda for CUDA");
        Require(options.Onnx.CudnnConvAlgoSearch is "heuristic" or "exhaustive" or "default", $"EmotionGrid:Onnx:CudnnConvAlgoSearch '{options.Onnx.CudnnConvAlgoSearch}' is unknown; use heuristic, exhaustive or default");
        Require(options.Onnx.CudaMemoryLimitMegabytes >= 0 && options.Onnx.CudaDeviceId >= 0, "EmotionGrid:Onnx:CudaMemoryLimitMegabytes and CudaDeviceId must be >= 0");
        Require(options.Transcription.Enabled is "auto" or "true" or "false",
            $"EmotionGrid:Transcription:Enabled '{options.Transcription.Enabled}' is unknown; use auto, true or false");
        Require(!string.IsNullOrWhiteSpace(options.Transcription.Language), "EmotionGrid:Transcription:Language must be set (e.g. en-us)");
        Require(options.Transcription.Concurrency is >= 0 and <= 256, $"EmotionGrid:Transcription:Concurrency {options.Transcription.Concurrency} must be in [0, 256]");
        Require(options.Onnx.ExecutionProvider is "auto" or "cuda" or "cpu", $"EmotionGrid:Onnx:ExecutionProvider '{options.Onnx.ExecutionProvider}' is unknown; use 'auto', 'cuda' or 'cpu'");
        Require(options.Onnx.GraphOptimizationLevel is "disabled" or "basic" or "extended" or "all", $"EmotionGrid:Onnx:GraphOptimizationLevel '{options.Onnx.GraphOptimizationLevel}' is unknown; use disabled, basic, extended or all");
        Require(options.Onnx.LogSeverity is "verbose" or "info" or "warning" or "error" or "fatal", $"EmotionGrid:Onnx:LogSeverity '{options.Onnx.LogSeverity}' is unknown");
        Require(options.Onnx.IntraOpThreads is >= 0 and <= 256 && options.Onnx.InterOpThreads is >= 0 and <= 256, "EmotionGrid:Onnx:IntraOpThreads and InterOpThreads must be in [0, 256]");
        var labels = options.LabelSet;
        Require(labels.Count >= 2 && labels.All(e => !string.IsNullOrWhiteSpace(e)),
            "EmotionGrid:Emotions must list at least two non-empty emotions");
        Require(labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() == labels.Count,
            "EmotionGrid:Emotions must not repeat an emotion");
        Require(options.Watcher.RescanSeconds is > 0 and <= 3600, $"EmotionGrid:Watcher:RescanSeconds {options.Watcher.RescanSeconds} must be in (0, 3600]");
        Require(options.Watcher.StableMilliseconds is >= 0 and <= 600_000, $"EmotionGrid:Watcher:StableMilliseconds {options.Watcher.StableMilliseconds} must be in [0, 600000]");
        Require(options.Gateway.MaxUploadBytes > 0, $"EmotionGrid:Gateway:MaxUploadBytes {options.Gateway.MaxUploadBytes} must be positive");
        Require(options.Processing.Concurrency is >= 0 and <= 256, $"EmotionGrid:Processing:Concurrency {options.Processing.Concurrency} must be in [0, 256]");
        Require(options.Audio.MinSeconds >= 0 && options.Audio.MaxSeconds > options.Audio.MinSeconds,
            $"EmotionGrid:Audio:MinSeconds ({options.Audio.MinSeconds}) must be ≥ 0 and below Audio:MaxSeconds ({options.Audio.MaxSeconds})");

        Require(options.Audio.SegmentSeconds is >= 1 and <= 600,
            $"EmotionGrid:Audio:SegmentSeconds {options.Audio.SegmentSeconds} must be in [1, 600]");
        Require(options.Audio.SegmentOverlapSeconds >= 0 && options.Audio.SegmentOverlapSeconds < options.Audio.SegmentSeconds,
            $"EmotionGrid:Audio:SegmentOverlapSeconds {options.Audio.SegmentOverlapSeconds} must be ≥ 0 and below Audio:SegmentSeconds ({options.Audio.SegmentSeconds})");

        Require(options.Training.Clusters is >= 0 and <= 100, $"EmotionGrid:Training:Clusters {options.Training.Clusters} must be in [0, 100] (0 = one per emotion)");
        Require(options.Training.Folds is >= 2 and <= 20, $"EmotionGrid:Training:Folds {options.Training.Folds} must be in [2, 20]");
        Require(options.Training.MinLabelledFiles >= 2, $"EmotionGrid:Training:MinLabelledFiles {options.Training.MinLabelledFiles} must be at least 2");
        Require(options.Training.AutoTrainAfterNewLabels >= 0, $"EmotionGrid:Training:AutoTrainAfterNewLabels {options.Training.AutoTrainAfterNewLabels} must be 0 (off) or more");

        Require(EmotionGrid.Learning.Normalisation.NormalisationMode.IsKnown(options.Learning.Normalisation),
            $"EmotionGrid:Learning:Normalisation '{options.Learning.Normalisation}' must be speaker or global");
        Require(options.Learning.Augmentation is "auto" or "on" or "off", $"EmotionGrid:Learning:Augmentation '{options.Learning.Augmentation}' must be auto, on or off");
        Require(options.Learning.MinSpeakerFiles is >= 2 and <= 10_000, $"EmotionGrid:Learning:MinSpeakerFiles {options.Learning.MinSpeakerFiles} must be in [2, 10000]");
        Require(EmotionGrid.Learning.Classifiers.LearnerGrids.IsKnown(options.Learning.Learner),
            $"EmotionGrid:Learning:Learner '{options.Learning.Learner}' must be one of {EmotionGrid.Learning.Classifiers.LearnerGrids.Auto}, {string.Join(", ", EmotionGrid.Learning.Classifiers.LearnerGrids.Learners)}");

        Require(options.Gateway.MaxConcurrentPredictions is >= 0 and <= 1024, $"EmotionGrid:Gateway:MaxConcurrentPredictions {options.Gateway.MaxConcurrentPredictions} must be in [0, 1024]");
        Require(options.Gateway.MaxQueuedPredictions is >= 0 and <= 100_000, $"EmotionGrid:Gateway:MaxQueuedPredictions {options.Gateway.MaxQueuedPredictions} must be in [0, 100000]");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
