using System.Buffers.Binary;
using System.Text;

namespace EmotionGrid.OnnxModels.Protobuf;

/// <summary>
/// The protobuf wire format, just what ONNX needs: varints, length-delimited fields (strings, bytes,
/// nested messages) and fixed32 floats, written straight to a stream. Sizes are computed up front
/// (<see cref="ProtoSize"/>) so that a nested message's length can be written before its content is
/// streamed: a 380 MB model never has to exist as one byte array.
/// </summary>
public sealed class ProtoWriter(Stream stream)
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    public Stream Stream { get; } = stream;

    public void Varint(ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var length = 0;
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[length++] = (byte)value;
        Stream.Write(buffer[..length]);
    }

    public void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    /// <summary>int32/int64/enum field. Negative values take 10 bytes (two's complement), as protobuf says.</summary>
    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
        Stream.Write(buffer);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        LengthPrefix(field, value.Length);
        Stream.Write(value);
    }

    /// <summary>Starts a length-delimited field whose <paramref name="length"/> bytes the caller writes next.</summary>
    public void LengthPrefix(int field, long length)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)length);
    }

    /// <summary>Encodes a small message into a byte array.</summary>
    public static byte[] Encode(Action<ProtoWriter> write)
    {
        using var buffer = new MemoryStream();
        write(new ProtoWriter(buffer));
        return buffer.ToArray();
    }
}
