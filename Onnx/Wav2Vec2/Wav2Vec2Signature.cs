namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>
/// What an exported encoder looks like, discovered from the session: the float32 [batch, samples] input
/// (<c>input_values</c>), the optional int64 [batch, samples] <c>attention_mask</c>, and the float32
/// [batch, frames, hidden] output (<c>last_hidden_state</c>). Anything else is refused with a reason.
/// </summary>
public sealed record Wav2Vec2Signature(string Input, string? AttentionMask, string Output, int Hidden)
{
    public static Wav2Vec2Signature Discover(OnnxSession session, Func<string, string?, string, int> probeHidden)
    {
        string Describe(IEnumerable<OnnxValueInfo> values) => string.Join(", ", values.Select(v => $"{v.Name} {v.ElementType}[{string.Join(",", v.Shape)}]"));

        var floats2d = session.Inputs.Where(i => i.IsTensor && i.ElementType == OnnxElementType.Float32 && i.Rank == 2).ToList();
        var input = floats2d.FirstOrDefault(i => i.Name == "input_values") ?? (floats2d.Count == 1 ? floats2d[0] : null)
            ?? throw new InvalidDataException($"the model has no float32 [batch, samples] input 'input_values'; its inputs are: {Describe(session.Inputs)}");
        var mask = session.Inputs.FirstOrDefault(i => i.Name == "attention_mask");
        if (mask is not null && (mask.ElementType != OnnxElementType.Int64 || mask.Rank != 2))
        {
            throw new InvalidDataException($"the model's attention_mask is {mask.ElementType}[{string.Join(",", mask.Shape)}]; expected int64 [batch, samples]");
        }

        var others = session.Inputs.Where(i => i != input && i != mask).ToList();
        if (others.Count > 0)
        {
            throw new InvalidDataException($"the model needs inputs this embedder cannot give: {Describe(others)}");
        }

        var floats3d = session.Outputs.Where(o => o.IsTensor && o.ElementType == OnnxElementType.Float32 && o.Rank == 3).ToList();
        var output = floats3d.FirstOrDefault(o => o.Name == "last_hidden_state") ?? (floats3d.Count == 1 ? floats3d[0] : null)
            ?? throw new InvalidDataException($"the model has no float32 [batch, frames, hidden] output 'last_hidden_state'; its outputs are: {Describe(session.Outputs)}");
        var hidden = output.Shape[2] > 0 ? (int)output.Shape[2] : probeHidden(input.Name, mask?.Name, output.Name);
        return new Wav2Vec2Signature(input.Name, mask?.Name, output.Name, hidden);
    }
}
