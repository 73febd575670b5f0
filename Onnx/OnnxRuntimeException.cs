namespace EmotionGrid.Onnx;

/// <summary>
/// A call into ONNX Runtime failed. <see cref="Exception.Message"/> names what we were doing and
/// carries ORT's own text; <see cref="OrtMessage"/> is ORT's text alone.
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(string operation, OnnxErrorCode errorCode, string ortMessage)
        : base($"{operation} failed: {ortMessage} (ORT error {errorCode})")
    {
        Operation = operation;
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    public OnnxRuntimeException()
        : this("ONNX Runtime call", OnnxErrorCode.Fail, "unknown error")
    {
    }

    public OnnxRuntimeException(string message)
        : this("ONNX Runtime call", OnnxErrorCode.Fail, message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "ONNX Runtime call";
        ErrorCode = OnnxErrorCode.Fail;
        OrtMessage = message;
    }

    /// <summary>What the binding was doing, e.g. <c>CreateSession(model.onnx)</c>.</summary>
    public string Operation { get; }

    public OnnxErrorCode ErrorCode { get; }

    /// <summary>ONNX Runtime's message, verbatim.</summary>
    public string OrtMessage { get; }
}
