using System.Runtime.InteropServices;
using EmotionGrid.OnnxModels.Protobuf;

namespace EmotionGrid.OnnxModels.OnnxFormat;

/// <summary>
/// A <c>TensorProto</c> (dims=1, data_type=2, name=8, raw_data=9) over an existing array: the data is
/// written straight from the array (raw little-endian bytes), never copied into a buffer first. A float16
/// initializer keeps pointing at float values too and converts them at write time, a small chunk at a
/// time, so a Base-sized half-precision model still never needs a second copy of its weights.
/// </summary>
public sealed class OnnxInitializer
{
    private readonly float[]? _floats;
    private readonly long[]? _longs;
    private readonly bool[]? _bools;

    private OnnxInitializer(string name, OnnxDataType dataType, long[] dims, float[]? floats, long[]? longs, bool[]? bools)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer copies memory as is");
        }

        var count = dims.Aggregate(1L, (a, d) => a * d);
        var length = floats?.Length ?? longs?.Length ?? bools!.Length;
        if (count != length)
        {
            throw new ArgumentException($"initializer '{name}': dims [{string.Join(", ", dims)}] hold {count} values, data has {length}");
        }

        Name = name;
        DataType = dataType;
        Dims = dims;
        _floats = floats;
        _longs = longs;
        _bools = bools;
    }

    public string Name { get; }

    public OnnxDataType DataType { get; }

    public IReadOnlyList<long> Dims { get; }

    public long ElementCount => _floats?.Length ?? _longs?.Length ?? _bools!.Length;

    public long RawByteLength =>
        _floats is not null ? _floats.Length * (DataType == OnnxDataType.Float16 ? 2L : 4L)
        : _longs is not null ? _longs.Length * 8L
        : _bools!.Length;

    public long EncodedLength =>
        Dims.Sum(d => (long)ProtoSize.Int64(1, d))
        + ProtoSize.Int64(2, (long)DataType)
        + ProtoSize.String(8, Name)
        + ProtoSize.LengthDelimited(9, RawByteLength);

    public static OnnxInitializer Float(string name, float[] data, params long[] dims) => new(name, OnnxDataType.Float, dims, data, null, null);

    /// <summary>
    /// A FLOAT16 tensor of <paramref name="data"/>, each value rounded to the nearest half (ties to even,
    /// as <see cref="Half"/>'s conversion does) when written.
    /// </summary>
    public static OnnxInitializer Float16(string name, float[] data, params long[] dims) => new(name, OnnxDataType.Float16, dims, data, null, null);

    public static OnnxInitializer Int64(string name, long[] data, params long[] dims) => new(name, OnnxDataType.Int64, dims, null, data, null);

    public static OnnxInitializer Bool(string name, bool[] data, params long[] dims) => new(name, OnnxDataType.Bool, dims, null, null, data);

    public void WriteTo(ProtoWriter writer)
    {
        foreach (var dim in Dims)
        {
            writer.Int64(1, dim);
        }

        writer.Int64(2, (long)DataType);
        writer.String(8, Name);
        writer.LengthPrefix(9, RawByteLength);
        if (_floats is not null && DataType == OnnxDataType.Float16)
        {
            WriteHalves(writer.Stream, _floats);
        }
        else if (_floats is not null)
        {
            writer.Stream.Write(MemoryMarshal.AsBytes(_floats.AsSpan()));
        }
        else if (_longs is not null)
        {
            writer.Stream.Write(MemoryMarshal.AsBytes(_longs.AsSpan()));
        }
        else
        {
            writer.Stream.Write(MemoryMarshal.AsBytes(_bools.AsSpan()));
        }
    }

    private static void WriteHalves(Stream stream, float[] values)
    {
        Span<Half> chunk = stackalloc Half[1024];
        for (var start = 0; start < values.Length; start += chunk.Length)
        {
            var count = Math.Min(chunk.Length, values.Length - start);
            for (var i = 0; i < count; i++)
            {
                chunk[i] = (Half)values[start + i];
            }

            stream.Write(MemoryMarshal.AsBytes(chunk[..count]));
        }
    }
}
