namespace EmotionGrid.OnnxModels.OnnxFormat;

/// <summary>The <c>TensorProto.DataType</c> values the generated models use.</summary>
public enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
    Bool = 9,

    /// <summary>IEEE 754 binary16, as half-precision exports declare their inputs, outputs and weights.</summary>
    Float16 = 10,
}
