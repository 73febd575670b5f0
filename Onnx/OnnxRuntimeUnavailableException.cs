namespace EmotionGrid.Onnx;

/// <summary>
/// The ONNX Runtime library cannot be used at all (missing, not loadable, too old). Callers that can
/// do without ORT (the acoustic embedders) catch this one and carry on.
/// </summary>
public sealed class OnnxRuntimeUnavailableException : Exception
{
    public OnnxRuntimeUnavailableException()
        : base("ONNX Runtime is unavailable")
    {
    }

    public OnnxRuntimeUnavailableException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
