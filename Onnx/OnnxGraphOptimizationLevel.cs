namespace EmotionGrid.Onnx;

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
public enum OnnxGraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
