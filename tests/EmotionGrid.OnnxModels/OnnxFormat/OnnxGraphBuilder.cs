using System.Globalization;
using EmotionGrid.OnnxModels.Protobuf;

namespace EmotionGrid.OnnxModels.OnnxFormat;

/// <summary>
/// Builds one ONNX graph (nodes, initializers, inputs, outputs) and writes it as a <c>ModelProto</c>.
/// Nodes and value infos are small and encoded at once; initializers keep pointing at their arrays and
/// are streamed at write time, after every length has been computed.
/// </summary>
public sealed class OnnxGraphBuilder(string name)
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<OnnxInitializer> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _nodeCount;

    public string Name { get; } = name;

    public long InitializerElementCount => _initializers.Sum(i => i.ElementCount);

    public string AddInitializer(OnnxInitializer initializer)
    {
        Claim(initializer.Name);
        _initializers.Add(initializer);
        return initializer.Name;
    }

    public string Float(string name, float[] data, params long[] dims) => AddInitializer(OnnxInitializer.Float(name, data, dims));

    /// <summary>A float16 initializer over float values (rounded to half when written).</summary>
    public string Float16(string name, float[] data, params long[] dims) => AddInitializer(OnnxInitializer.Float16(name, data, dims));

    public string Int64(string name, long[] data, params long[] dims) => AddInitializer(OnnxInitializer.Int64(name, data, dims));

    /// <summary>A float scalar constant (rank 0).</summary>
    public string FloatScalar(string name, float value) => Float(name, [value]);

    /// <summary>An int64 scalar constant (rank 0).</summary>
    public string Int64Scalar(string name, long value) => Int64(name, [value]);

    /// <summary>An int64 vector constant (shapes, axes, perms).</summary>
    public string Int64Vector(string name, params long[] values) => Int64(name, values, values.Length);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Op(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node (<c>NodeProto</c>: input=1, output=2, name=3, op_type=4, attribute=5) and returns its output names.</summary>
    public string[] AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        var nodeName = string.Create(CultureInfo.InvariantCulture, $"{opType}_{_nodeCount++}");
        var outputs = Enumerable.Range(0, outputCount).Select(i => outputCount == 1 ? nodeName : $"{nodeName}_{i}").ToArray();
        foreach (var output in outputs)
        {
            Claim(output);
        }

        _nodes.Add(ProtoWriter.Encode(w =>
        {
            foreach (var input in inputs)
            {
                w.String(1, input);
            }

            foreach (var output in outputs)
            {
                w.String(2, output);
            }

            w.String(3, nodeName);
            w.String(4, opType);
            foreach (var attribute in attributes)
            {
                w.Bytes(5, attribute.Encoded);
            }
        }));
        return outputs;
    }

    /// <summary>Renames a value by an Identity node so a graph output gets a fixed name.</summary>
    public string Identity(string input, string outputName)
    {
        Claim(outputName);
        var nodeName = string.Create(CultureInfo.InvariantCulture, $"Identity_{_nodeCount++}");
        _nodes.Add(ProtoWriter.Encode(w =>
        {
            w.String(1, input);
            w.String(2, outputName);
            w.String(3, nodeName);
            w.String(4, "Identity");
        }));
        return outputName;
    }

    public string AddInput(string name, OnnxDataType type, params OnnxDim[] dims)
    {
        Claim(name);
        _inputs.Add(ValueInfo(name, type, dims));
        return name;
    }

    public void AddOutput(string name, OnnxDataType type, params OnnxDim[] dims) => _outputs.Add(ValueInfo(name, type, dims));

    /// <summary>Writes the whole <c>ModelProto</c> and returns the number of bytes written.</summary>
    public long WriteModel(Stream stream, string producer, long opsetVersion = 17, long irVersion = 8)
    {
        var graphLength =
            _nodes.Sum(n => ProtoSize.LengthDelimited(1, n.Length))
            + ProtoSize.String(2, Name)
            + _initializers.Sum(i => ProtoSize.LengthDelimited(5, i.EncodedLength))
            + _inputs.Sum(v => ProtoSize.LengthDelimited(11, v.Length))
            + _outputs.Sum(v => ProtoSize.LengthDelimited(12, v.Length));
        var opset = ProtoWriter.Encode(w =>
        {
            w.String(1, "");
            w.Int64(2, opsetVersion);
        });

        // ModelProto: ir_version=1, producer_name=2, graph=7, opset_import=8.
        var writer = new ProtoWriter(stream);
        writer.Int64(1, irVersion);
        writer.String(2, producer);
        writer.LengthPrefix(7, graphLength);
        foreach (var node in _nodes)
        {
            writer.Bytes(1, node);
        }

        writer.String(2, Name);
        foreach (var initializer in _initializers)
        {
            writer.LengthPrefix(5, initializer.EncodedLength);
            initializer.WriteTo(writer);
        }

        foreach (var input in _inputs)
        {
            writer.Bytes(11, input);
        }

        foreach (var output in _outputs)
        {
            writer.Bytes(12, output);
        }

        writer.Bytes(8, opset);
        return ProtoSize.Int64(1, irVersion) + ProtoSize.String(2, producer) + ProtoSize.LengthDelimited(7, graphLength) + ProtoSize.LengthDelimited(8, opset.Length);
    }

    /// <summary><c>ValueInfoProto</c>{name=1, type=2: TypeProto{tensor_type=1: {elem_type=1, shape=2: {dim=1: {dim_value=1 | dim_param=2}}}}}.</summary>
    private static byte[] ValueInfo(string name, OnnxDataType type, OnnxDim[] dims)
    {
        var shape = ProtoWriter.Encode(w =>
        {
            foreach (var dim in dims)
            {
                var encoded = ProtoWriter.Encode(d =>
                {
                    if (dim.Param is { } param)
                    {
                        d.String(2, param);
                    }
                    else
                    {
                        d.Int64(1, dim.Value);
                    }
                });
                w.Bytes(1, encoded);
            }
        });
        var tensorType = ProtoWriter.Encode(w =>
        {
            w.Int64(1, (long)type);
            w.Bytes(2, shape);
        });
        var typeProto = ProtoWriter.Encode(w => w.Bytes(1, tensorType));
        return ProtoWriter.Encode(w =>
        {
            w.String(1, name);
            w.Bytes(2, typeProto);
        });
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"graph '{Name}' already has a value named '{name}'");
        }
    }
}
