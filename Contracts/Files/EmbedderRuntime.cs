namespace EmotionGrid.Contracts.Files;

/// <summary>
/// How this silo embeds: for Wav2Vec2 the ONNX Runtime build, the execution provider that runs and why, the
/// dynamic batching in force and what it has done so far; for the acoustic embedders only the dimension.
/// </summary>
public sealed record EmbedderRuntime(
    string Id,
    int Dimension,
    string? OnnxRuntime = null,
    string? OnnxRuntimePackage = null,
    string? ExecutionProvider = null,
    string? ProviderReason = null,
    string? Precision = null,
    int? MaxBatch = null,
    double? MaxBatchSeconds = null,
    double? MaxWaitMilliseconds = null,
    long? Runs = null,
    long? Clips = null,
    double? PaddingFraction = null);
