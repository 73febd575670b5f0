namespace EmotionGrid.OnnxModels;

/// <summary>A row-major float tensor computed by the reference forward pass.</summary>
public sealed record ReferenceTensor(float[] Data, int[] Shape);
