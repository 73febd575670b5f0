namespace EmotionGrid.Onnx;

/// <summary>The execution provider that was required (<c>cuda</c>) cannot be used; <see cref="Exception.Message"/> carries ORT's reason.</summary>
public sealed class OnnxExecutionProviderException : Exception
{
    public OnnxExecutionProviderException()
    {
    }

    public OnnxExecutionProviderException(string message)
        : base(message)
    {
    }

    public OnnxExecutionProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
