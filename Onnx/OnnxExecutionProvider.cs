namespace EmotionGrid.Onnx;

/// <summary>Where a session runs. Configuration spells these <c>auto</c>, <c>cuda</c>, <c>cpu</c>.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>CUDA when ORT can load it, else CPU (the reason is kept in <see cref="OnnxSession.ProviderReason"/>).</summary>
    Auto = 0,

    /// <summary>CUDA or fail with ORT's reason.</summary>
    Cuda = 1,

    Cpu = 2,
}
