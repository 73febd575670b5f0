namespace EmotionGrid.Onnx;

/// <summary>A model input or output as ORT reports it.</summary>
public sealed class OnnxValueInfo
{
    internal OnnxValueInfo(string name, bool isTensor, OnnxElementType elementType, long[] shape, string[] dimensionNames)
    {
        Name = name;
        IsTensor = isTensor;
        ElementType = elementType;
        Shape = shape;
        DimensionNames = dimensionNames;
    }

    public string Name { get; }

    /// <summary>False for sequences and maps, which this binding reports but cannot feed.</summary>
    public bool IsTensor { get; }

    public OnnxElementType ElementType { get; }

    /// <summary>One entry per axis; -1 where the axis is dynamic (a <c>dim_param</c> or unknown).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>One entry per axis: the symbolic name of a dynamic axis (e.g. <c>batch</c>), else empty.</summary>
    public IReadOnlyList<string> DimensionNames { get; }

    public int Rank => Shape.Count;

    public override string ToString() =>
        $"{Name}: {ElementType}[{string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : DimensionNames[i] is { Length: > 0 } n ? n : "?"))}]";
}
