namespace EmotionGrid.Onnx;

/// <summary>ONNX Runtime's <c>OrtLoggingLevel</c>: messages below the chosen severity are dropped inside ORT.</summary>
public enum OnnxLogSeverity
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
