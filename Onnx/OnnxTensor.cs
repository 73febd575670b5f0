using System.Buffers;
using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx;

/// <summary>
/// A dense tensor in managed memory: float32 or int64 data in row-major order plus its shape. Inputs
/// are passed to ORT without copying (the memory is pinned for the duration of the Run; do not change it
/// meanwhile); outputs are copied out of ORT into arrays the caller owns.
/// </summary>
public sealed class OnnxTensor
{
    private readonly long[] _shape;
    private readonly ReadOnlyMemory<float> _float32;
    private readonly ReadOnlyMemory<long> _int64;

    private OnnxTensor(OnnxElementType elementType, ReadOnlySpan<long> shape, int length, ReadOnlyMemory<float> float32, ReadOnlyMemory<long> int64)
    {
        _shape = shape.ToArray();
        long count = 1;
        foreach (var dimension in _shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"tensor shape [{string.Join(", ", _shape)}] has a negative dimension");
            }

            count = checked(count * dimension);
        }

        if (count != length)
        {
            throw new ArgumentException($"tensor shape [{string.Join(", ", _shape)}] holds {count} elements but the data has {length}");
        }

        ElementType = elementType;
        _float32 = float32;
        _int64 = int64;
    }

    public OnnxElementType ElementType { get; }

    public IReadOnlyList<long> Shape => _shape;

    public int ElementCount => ElementType == OnnxElementType.Float32 ? _float32.Length : _int64.Length;

    /// <summary>The data of a <see cref="OnnxElementType.Float32"/> tensor.</summary>
    public ReadOnlyMemory<float> Float32Data =>
        ElementType == OnnxElementType.Float32 ? _float32 : throw new InvalidOperationException($"tensor holds {ElementType}, not Float32");

    /// <summary>The data of an <see cref="OnnxElementType.Int64"/> tensor.</summary>
    public ReadOnlyMemory<long> Int64Data =>
        ElementType == OnnxElementType.Int64 ? _int64 : throw new InvalidOperationException($"tensor holds {ElementType}, not Int64");

    internal ReadOnlySpan<long> ShapeSpan => _shape;

    internal nuint ByteLength => (nuint)(ElementType == OnnxElementType.Float32 ? _float32.Length * sizeof(float) : _int64.Length * sizeof(long));

    public static OnnxTensor FromFloat32(ReadOnlyMemory<float> data, params ReadOnlySpan<long> shape) =>
        new(OnnxElementType.Float32, shape, data.Length, data, default);

    public static OnnxTensor FromInt64(ReadOnlyMemory<long> data, params ReadOnlySpan<long> shape) =>
        new(OnnxElementType.Int64, shape, data.Length, default, data);

    /// <summary>Pins the data until the returned handle is disposed (ORT reads it in place).</summary>
    internal MemoryHandle Pin() =>
        ElementType == OnnxElementType.Float32
            ? MemoryMarshal.AsMemory(_float32).Pin()
            : MemoryMarshal.AsMemory(_int64).Pin();

    public override string ToString() => $"{ElementType}[{string.Join(", ", _shape)}]";
}
