using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Onnx;

/// <summary>
/// A model loaded into ONNX Runtime (<see cref="InferenceSession"/>, thread-safe for Run) together with the
/// execution provider it runs on and why: <c>auto</c> tries CUDA and falls back to CPU with ORT's reason.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private OnnxSession(InferenceSession inference, OnnxExecutionProvider provider, string reason)
    {
        Inference = inference;
        SelectedProvider = provider;
        ProviderReason = reason;
    }

    public InferenceSession Inference { get; }

    /// <summary><see cref="OnnxExecutionProvider.Cuda"/> or <see cref="OnnxExecutionProvider.Cpu"/>.</summary>
    public OnnxExecutionProvider SelectedProvider { get; }

    /// <summary>
    /// Why <see cref="SelectedProvider"/>: <c>CPU requested</c>, <c>CUDA device 0</c>, or
    /// <c>CUDA unavailable: Failed to load library … libcublasLt.so.13 …; using CPU</c>.
    /// </summary>
    public string ProviderReason { get; }

    /// <summary>Loads an <c>.onnx</c> file.</summary>
    /// <exception cref="OnnxRuntimeException">ORT could not load the model (missing file, invalid model).</exception>
    /// <exception cref="OnnxExecutionProviderException"><c>cuda</c> was required and cannot be used.</exception>
    public static OnnxSession Load(string modelPath, OnnxSessionOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var path = Path.GetFullPath(modelPath);
        return Create(o => new InferenceSession(path, o), options, logger);
    }

    /// <summary>Loads a model from its bytes.</summary>
    public static OnnxSession Load(byte[] model, OnnxSessionOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(o => new InferenceSession(model, o), options, logger);
    }

    public void Dispose() => Inference.Dispose();

    private static OnnxSession Create(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions? options, ILogger? logger)
    {
        options ??= new OnnxSessionOptions();
        options.Validate();
        var (inference, provider, reason) = OnnxSessionBuilder.Build(open, options, logger);
        return new OnnxSession(inference, provider, reason);
    }
}
