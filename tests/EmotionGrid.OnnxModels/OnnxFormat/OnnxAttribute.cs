using EmotionGrid.OnnxModels.Protobuf;

namespace EmotionGrid.OnnxModels.OnnxFormat;

/// <summary>An encoded <c>AttributeProto</c> (name=1, f=2, i=3, s=4, t=5, ints=8, type=20).</summary>
public sealed class OnnxAttribute
{
    private const int TypeFloat = 1;
    private const int TypeInt = 2;
    private const int TypeString = 3;
    private const int TypeTensor = 4;
    private const int TypeInts = 7;

    private OnnxAttribute(byte[] encoded) => Encoded = encoded;

    public byte[] Encoded { get; }

    public static OnnxAttribute Int(string name, long value) => new(ProtoWriter.Encode(w =>
    {
        w.String(1, name);
        w.Int64(3, value);
        w.Int64(20, TypeInt);
    }));

    /// <summary>Repeated int64, written unpacked (one field per value): every protobuf parser accepts that for proto2.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(ProtoWriter.Encode(w =>
    {
        w.String(1, name);
        foreach (var value in values)
        {
            w.Int64(8, value);
        }

        w.Int64(20, TypeInts);
    }));

    public static OnnxAttribute Float(string name, float value) => new(ProtoWriter.Encode(w =>
    {
        w.String(1, name);
        w.Float(2, value);
        w.Int64(20, TypeFloat);
    }));

    public static OnnxAttribute String(string name, string value) => new(ProtoWriter.Encode(w =>
    {
        w.String(1, name);
        w.String(4, value);
        w.Int64(20, TypeString);
    }));

    /// <summary>A small tensor value (e.g. <c>ConstantOfShape</c>'s <c>value</c>).</summary>
    public static OnnxAttribute Tensor(string name, OnnxInitializer tensor) => new(ProtoWriter.Encode(w =>
    {
        w.String(1, name);
        w.LengthPrefix(5, tensor.EncodedLength);
        tensor.WriteTo(w);
        w.Int64(20, TypeTensor);
    }));
}
