using System.Text;

namespace EmotionGrid.OnnxModels.Protobuf;

/// <summary>Encoded sizes matching <see cref="ProtoWriter"/>, for writing lengths before streamed content.</summary>
public static class ProtoSize
{
    public static int Varint(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int Tag(int field) => Varint((ulong)field << 3);

    public static int Int64(int field, long value) => Tag(field) + Varint((ulong)value);

    public static long LengthDelimited(int field, long length) => Tag(field) + Varint((ulong)length) + length;

    public static long String(int field, string value) => LengthDelimited(field, Encoding.UTF8.GetByteCount(value));
}
