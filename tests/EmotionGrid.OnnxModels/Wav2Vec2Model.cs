namespace EmotionGrid.OnnxModels;

/// <summary>A generated Wav2Vec2-shaped encoder: its weights and the ONNX file that encodes them.</summary>
public sealed class Wav2Vec2Model
{
    public const string InputValues = Wav2Vec2Graph.InputValues;
    public const string AttentionMask = Wav2Vec2Graph.AttentionMask;
    public const string LastHiddenState = Wav2Vec2Graph.LastHiddenState;

    internal Wav2Vec2Model(Wav2Vec2Weights weights, bool withAttentionMask, Wav2Vec2Precision precision)
    {
        Weights = weights;
        WithAttentionMask = withAttentionMask;
        Precision = precision;
    }

    public Wav2Vec2Weights Weights { get; }

    public Wav2Vec2Shape Shape => Weights.Shape;

    /// <summary>Whether the graph takes <c>attention_mask</c> [batch, samples] int64 besides <c>input_values</c>.</summary>
    public bool WithAttentionMask { get; }

    /// <summary>
    /// Which of <c>input_values</c>, <c>last_hidden_state</c> and the weights are float16. With float16
    /// weights, <see cref="Weights"/> holds the rounded values the file stores, so
    /// <see cref="Wav2Vec2Reference"/> over them computes what the model computes (given the same rounded input).
    /// </summary>
    public Wav2Vec2Precision Precision { get; }

    /// <summary>Streams the ONNX model (ir_version 8, opset 17) to <paramref name="stream"/>; returns the bytes written.</summary>
    public long WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var graph = Wav2Vec2Graph.Build(Weights, WithAttentionMask, Precision);
        return graph.WriteModel(stream, producer: "EmotionGrid.OnnxModels");
    }

    /// <summary>Writes the model to a file (through a temporary name, so a reader never sees half a model).</summary>
    public long WriteTo(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId;
        long written;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        {
            written = WriteTo(file);
        }

        File.Move(temporary, full, overwrite: true);
        return written;
    }

    /// <summary>The model as bytes (for small shapes; the Base model should go to a file).</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }
}
