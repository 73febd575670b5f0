namespace EmotionGrid.Onnx;

/// <summary>How one session runs. Plain settings: the native OrtSessionOptions lives only while a session is created.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary><c>auto</c> (CUDA, else CPU with the reason kept), <c>cuda</c> (or fail), <c>cpu</c>.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; set; } = OnnxExecutionProvider.Auto;

    public int CudaDeviceId { get; set; }

    /// <summary>Cap on the CUDA memory arena in bytes (ORT's <c>gpu_mem_limit</c>); 0 = ORT's default (no cap).</summary>
    public long CudaMemoryLimitBytes { get; set; }

    public CudnnConvAlgoSearch CudnnConvAlgoSearch { get; set; } = CudnnConvAlgoSearch.Heuristic;

    /// <summary>Threads for parallelism inside an operator; 0 = ORT's default (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Threads for running independent operators at once; 0 = ORT's default. A value above 1 switches
    /// the session to ORT's parallel execution mode (in sequential mode ORT ignores this setting).
    /// </summary>
    public int InterOpThreads { get; set; }

    public OnnxGraphOptimizationLevel GraphOptimizationLevel { get; set; } = OnnxGraphOptimizationLevel.All;

    /// <summary>Session log threshold; null = the environment's (<see cref="OnnxEnvironment.Configure"/>).</summary>
    public OnnxLogSeverity? LogSeverity { get; set; }

    /// <summary>
    /// Whether ORT's intra-op threads spin while waiting for work (its default). Spinning lowers latency
    /// for one caller but burns cores that concurrent Runs or other work could use.
    /// </summary>
    public bool AllowSpinning { get; set; } = true;

    /// <summary>Parses the configuration spelling <c>auto|cuda|cpu</c> (case-insensitive).</summary>
    public static OnnxExecutionProvider ParseExecutionProvider(string value) =>
        value?.Trim().ToUpperInvariant() switch
        {
            "AUTO" => OnnxExecutionProvider.Auto,
            "CUDA" => OnnxExecutionProvider.Cuda,
            "CPU" => OnnxExecutionProvider.Cpu,
            _ => throw new ArgumentException($"execution provider '{value}' is not one of auto, cuda, cpu", nameof(value)),
        };

    internal void Validate()
    {
        if (CudaDeviceId < 0 || IntraOpThreads < 0 || InterOpThreads < 0 || CudaMemoryLimitBytes < 0)
        {
            throw new ArgumentException(
                $"OnnxSessionOptions: CudaDeviceId ({CudaDeviceId}), IntraOpThreads ({IntraOpThreads}), InterOpThreads ({InterOpThreads}) and CudaMemoryLimitBytes ({CudaMemoryLimitBytes}) must be >= 0");
        }

        if (!Enum.IsDefined(ExecutionProvider) || !Enum.IsDefined(GraphOptimizationLevel) || !Enum.IsDefined(CudnnConvAlgoSearch) || (LogSeverity is { } s && !Enum.IsDefined(s)))
        {
            throw new ArgumentException("OnnxSessionOptions: unknown execution provider, optimisation level, cuDNN search or log severity");
        }
    }
}
