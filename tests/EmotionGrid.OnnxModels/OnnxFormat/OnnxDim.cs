namespace EmotionGrid.OnnxModels.OnnxFormat;

/// <summary>One axis of a graph input/output: a fixed size, or a named dynamic axis (<c>dim_param</c>).</summary>
public readonly record struct OnnxDim(long Value, string? Param)
{
    public static implicit operator OnnxDim(long value) => new(value, null);

    public static implicit operator OnnxDim(string param) => new(-1, param);

    public static OnnxDim FromInt64(long value) => value;

    public static OnnxDim FromString(string param) => param;
}
