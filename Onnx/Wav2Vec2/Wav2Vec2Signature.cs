using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>
/// What an exported encoder looks like, discovered from the session: the [batch, samples] input
/// (<c>input_values</c>, float32 or float16), the optional int64 [batch, samples] <c>attention_mask</c>, and the
/// [batch, frames, hidden] output (<c>last_hidden_state</c>, float32 or float16). Anything else is refused with a reason.
/// </summary>
public sealed record Wav2Vec2Signature(string Input, bool InputIsHalf, string? AttentionMask, string Output, bool OutputIsHalf, int Hidden)
{
    public static Wav2Vec2Signature Discover(InferenceSession session, Func<Wav2Vec2Signature, int> probeHidden)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        static string Describe(IReadOnlyDictionary<string, NodeMetadata> values) =>
            string.Join(", ", values.Select(v => $"{v.Key} {(v.Value.IsTensor ? v.Value.ElementDataType.ToString() : v.Value.OnnxValueType.ToString())}[{string.Join(",", v.Value.Dimensions)}]"));
        static bool IsFloat(NodeMetadata m, int rank) =>
            m.IsTensor && m.Dimensions.Length == rank && m.ElementDataType is TensorElementType.Float or TensorElementType.Float16;

        var floats2d = inputs.Where(i => IsFloat(i.Value, 2)).Select(i => i.Key).ToList();
        var input = floats2d.FirstOrDefault(n => n == "input_values") ?? (floats2d.Count == 1 ? floats2d[0] : null)
            ?? throw new InvalidDataException($"the model has no float32 or float16 [batch, samples] input 'input_values'; its inputs are: {Describe(inputs)}");
        string? mask = null;
        if (inputs.TryGetValue("attention_mask", out var maskInfo))
        {
            if (!maskInfo.IsTensor || maskInfo.ElementDataType != TensorElementType.Int64 || maskInfo.Dimensions.Length != 2)
            {
                throw new InvalidDataException($"the model's attention_mask is {maskInfo.ElementDataType}[{string.Join(",", maskInfo.Dimensions)}]; expected int64 [batch, samples]");
            }

            mask = "attention_mask";
        }

        var others = inputs.Where(i => i.Key != input && i.Key != mask).ToDictionary();
        if (others.Count > 0)
        {
            throw new InvalidDataException($"the model needs inputs this embedder cannot give: {Describe(others)}");
        }

        var floats3d = outputs.Where(o => IsFloat(o.Value, 3)).Select(o => o.Key).ToList();
        var output = floats3d.FirstOrDefault(n => n == "last_hidden_state") ?? (floats3d.Count == 1 ? floats3d[0] : null)
            ?? throw new InvalidDataException($"the model has no float32 or float16 [batch, frames, hidden] output 'last_hidden_state'; its outputs are: {Describe(outputs)}");
        var signature = new Wav2Vec2Signature(input, inputs[input].ElementDataType == TensorElementType.Float16, mask,
            output, outputs[output].ElementDataType == TensorElementType.Float16, outputs[output].Dimensions[2]);
        return signature.Hidden > 0 ? signature : signature with { Hidden = probeHidden(signature) };
    }
}
