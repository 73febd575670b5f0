using System.Globalization;
using EmotionGrid.OnnxModels.OnnxFormat;

namespace EmotionGrid.OnnxModels;

/// <summary>
/// The ONNX graph (opset 17) of the Wav2Vec2-shaped encoder over <see cref="Wav2Vec2Weights"/>:
/// <code>
/// input_values [batch, samples] → Unsqueeze → 7 × (Conv, no padding, no bias → GELU), a norm after the first
/// → Transpose [batch, frames, C] → LayerNorm → MatMul+Add to hidden
/// → (+ GELU(grouped positional Conv)) → LayerNorm
/// → N × post-norm blocks: x = LN(x + SelfAttention(x)); x = LN(x + FFN(x)) with FFN = Linear → GELU → Linear
/// → last_hidden_state [batch, frames, hidden]
/// </code>
/// With <c>attention_mask</c> [batch, samples] (int64, 1 = real sample), the sample counts are carried
/// through the conv length formula to a frame mask (as Hugging Face does), padded frames are zeroed
/// before the positional conv, and padded keys get −1e9 added to their attention scores.
/// Without a mask the first-layer norm is Wav2Vec2-base's GroupNorm with one group per channel (exactly
/// InstanceNormalization, over time); with a mask it is the per-frame LayerNorm of the "layer" feature extractor.
/// GELU is the exact erf form (opset 17 has no Gelu op): x·0.5·(1+erf(x/√2)).
/// A <see cref="Wav2Vec2Precision"/> other than Float32 only adds Casts at the edges: a float16
/// <c>input_values</c> is cast to float first, the result is cast to float16 for a float16
/// <c>last_hidden_state</c>, and float16 weights are stored as FLOAT16 initializers each cast to float
/// where it is used (constants such as GELU's stay float32). The float32 graph between them is unchanged,
/// so each variant runs on ORT's CPU provider and the float32 model's bytes stay exactly as they were.
/// </summary>
internal sealed class Wav2Vec2Graph
{
    public const string InputValues = "input_values";
    public const string AttentionMask = "attention_mask";
    public const string LastHiddenState = "last_hidden_state";

    /// <summary>Added to the attention score of a padded key: large enough that softmax gives it 0, small enough to stay finite.</summary>
    public const float MaskedScore = -1e9f;

    private readonly OnnxGraphBuilder _g = new("wav2vec2_encoder");
    private readonly Wav2Vec2Weights _w;
    private readonly Wav2Vec2Shape _shape;
    private readonly Wav2Vec2Precision _precision;
    private string? _sqrtTwo;
    private string? _one;
    private string? _half;

    private Wav2Vec2Graph(Wav2Vec2Weights weights, Wav2Vec2Precision precision)
    {
        _w = weights;
        _shape = weights.Shape;
        _precision = precision;
    }

    public static OnnxGraphBuilder Build(Wav2Vec2Weights weights, bool withAttentionMask, Wav2Vec2Precision precision)
    {
        var graph = new Wav2Vec2Graph(weights, precision);
        graph.BuildGraph(withAttentionMask);
        return graph._g;
    }

    private void BuildGraph(bool withAttentionMask)
    {
        var g = _g;
        var inputType = _precision.InputValuesType();
        var input = g.AddInput(InputValues, inputType, "batch", "samples");
        var mask = withAttentionMask ? g.AddInput(AttentionMask, OnnxDataType.Int64, "batch", "samples") : null;
        if (inputType != OnnxDataType.Float)
        {
            input = Cast(input, OnnxDataType.Float);
        }

        // Feature extractor: [batch, 1, samples] → [batch, C, frames].
        var x = g.Op("Unsqueeze", [input, g.Int64Vector("axes_1", 1)]);
        for (var layer = 0; layer < _shape.ConvKernels.Count; layer++)
        {
            var inChannels = layer == 0 ? 1 : _shape.ConvChannels;
            var kernel = _shape.ConvKernels[layer];
            var weight = Weight(Name("conv{0}.weight", layer), _w.ConvKernels[layer], _shape.ConvChannels, inChannels, kernel);
            x = g.Op("Conv", [x, weight],
                OnnxAttribute.Ints("kernel_shape", kernel),
                OnnxAttribute.Ints("strides", _shape.ConvStrides[layer]));
            if (layer == 0 && withAttentionMask)
            {
                // feat_extract_norm="layer" (the masked exports, e.g. wav2vec2-large-lv60): per frame over channels,
                // so padding never reaches a real frame and a padded batch equals each clip alone.
                var frames = g.Op("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 1));
                frames = LayerNorm(frames, "conv0.norm", _w.FirstConvNormScale, _w.FirstConvNormBias);
                x = g.Op("Transpose", [frames], OnnxAttribute.Ints("perm", 0, 2, 1));
            }
            else if (layer == 0)
            {
                // feat_extract_norm="group" (wav2vec2-base): GroupNorm with one group per channel, over time.
                x = g.Op("InstanceNormalization",
                    [x, Weight("conv0.norm.scale", _w.FirstConvNormScale, _shape.ConvChannels), Weight("conv0.norm.bias", _w.FirstConvNormBias, _shape.ConvChannels)],
                    OnnxAttribute.Float("epsilon", _shape.LayerNormEpsilon));
            }

            x = Gelu(x);
        }

        // Feature projection: [batch, frames, C] → [batch, frames, hidden].
        x = g.Op("Transpose", [x], OnnxAttribute.Ints("perm", 0, 2, 1));
        x = LayerNorm(x, "feature_norm", _w.FeatureNormScale, _w.FeatureNormBias);
        var h = Linear(x, "projection", _w.ProjectionWeight, _w.ProjectionBias, _shape.ConvChannels, _shape.Hidden);

        string? keyMask = null;
        if (mask is not null)
        {
            var (frameMask, additive) = FrameMasks(mask, h);
            h = g.Op("Mul", [h, g.Op("Unsqueeze", [frameMask, g.Int64Vector("axes_2", 2)])]);
            keyMask = additive;
        }

        h = g.Op("Add", [h, PositionalConv(h)]);
        h = LayerNorm(h, "encoder_norm", _w.EncoderNormScale, _w.EncoderNormBias);
        for (var layer = 0; layer < _w.Layers.Count; layer++)
        {
            h = Block(h, layer, _w.Layers[layer], keyMask);
        }

        var outputType = _precision.LastHiddenStateType();
        if (outputType != OnnxDataType.Float)
        {
            h = Cast(h, outputType);
        }

        g.Identity(h, LastHiddenState);
        g.AddOutput(LastHiddenState, outputType, "batch", "frames", _shape.Hidden);
    }

    /// <summary>
    /// From the sample mask: frame lengths by the conv formula L = (L − k) / s + 1 per layer (int64
    /// division; lengths too short for a frame go ≤ 0 and mask everything), then [batch, frames] float
    /// 1/0 and the additive key mask [batch, 1, 1, frames] (0 or −1e9).
    /// </summary>
    private (string FrameMask, string AdditiveKeyMask) FrameMasks(string sampleMask, string hidden)
    {
        var g = _g;
        var lengths = g.Op("ReduceSum", [sampleMask, g.Int64Vector("axes_sum", 1)], OnnxAttribute.Int("keepdims", 0));
        for (var layer = 0; layer < _shape.ConvKernels.Count; layer++)
        {
            var kernel = g.Int64Scalar(Name("mask.kernel{0}", layer), _shape.ConvKernels[layer]);
            var stride = g.Int64Scalar(Name("mask.stride{0}", layer), _shape.ConvStrides[layer]);
            lengths = g.Op("Add", [g.Op("Div", [g.Op("Sub", [lengths, kernel]), stride]), g.Int64Scalar(Name("mask.one{0}", layer), 1)]);
        }

        var frames = g.Op("Gather", [g.Op("Shape", [hidden]), g.Int64Scalar("mask.frames_axis", 1)], OnnxAttribute.Int("axis", 0));
        var positions = g.Op("Range", [g.Int64Scalar("mask.zero", 0), frames, g.Int64Scalar("mask.step", 1)]);
        var valid = g.Op("Less", [
            g.Op("Unsqueeze", [positions, g.Int64Vector("axes_0", 0)]),
            g.Op("Unsqueeze", [lengths, g.Int64Vector("axes_1b", 1)])]);
        var frameMask = g.Op("Cast", [valid], OnnxAttribute.Int("to", (long)OnnxDataType.Float));
        var additive = g.Op("Mul", [g.Op("Sub", [g.FloatScalar("mask.one_f", 1f), frameMask]), g.FloatScalar("mask.masked_score", MaskedScore)]);
        additive = g.Op("Unsqueeze", [additive, g.Int64Vector("axes_12", 1, 2)]);
        return (frameMask, additive);
    }

    /// <summary>GELU(grouped Conv over time, "same" padding; an even kernel drops the one extra frame as Wav2Vec2 does).</summary>
    private string PositionalConv(string hidden)
    {
        var g = _g;
        var d = _shape.Hidden;
        var k = _shape.PositionalConvKernel;
        var channelsFirst = g.Op("Transpose", [hidden], OnnxAttribute.Ints("perm", 0, 2, 1));
        var conv = g.Op("Conv",
            [channelsFirst, Weight("pos_conv.weight", _w.PositionalConvWeight, d, d / _shape.PositionalConvGroups, k), Weight("pos_conv.bias", _w.PositionalConvBias, d)],
            OnnxAttribute.Ints("kernel_shape", k),
            OnnxAttribute.Ints("pads", k / 2, k / 2),
            OnnxAttribute.Int("group", _shape.PositionalConvGroups));
        if (k % 2 == 0)
        {
            conv = g.Op("Slice", [conv, g.Int64Vector("pos_conv.starts", 0), g.Int64Vector("pos_conv.ends", -1), g.Int64Vector("pos_conv.axes", 2)]);
        }

        return g.Op("Transpose", [Gelu(conv)], OnnxAttribute.Ints("perm", 0, 2, 1));
    }

    private string Block(string h, int layer, Wav2Vec2LayerWeights w, string? keyMask)
    {
        var g = _g;
        var d = _shape.Hidden;
        var heads = _shape.Heads;
        var headSize = _shape.HeadSize;
        var prefix = Name("layer{0}.", layer);
        var splitHeads = g.Int64Vector(prefix + "split_heads", 0, 0, heads, headSize);
        var q = Linear(h, prefix + "q", w.QueryWeight, w.QueryBias, d, d);
        var k = Linear(h, prefix + "k", w.KeyWeight, w.KeyBias, d, d);
        var v = Linear(h, prefix + "v", w.ValueWeight, w.ValueBias, d, d);
        q = g.Op("Transpose", [g.Op("Reshape", [q, splitHeads])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));  // [b, H, t, dh]
        k = g.Op("Transpose", [g.Op("Reshape", [k, splitHeads])], OnnxAttribute.Ints("perm", 0, 2, 3, 1));  // [b, H, dh, t]
        v = g.Op("Transpose", [g.Op("Reshape", [v, splitHeads])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));  // [b, H, t, dh]
        var scores = g.Op("Mul", [g.Op("MatMul", [q, k]), g.FloatScalar(prefix + "scale", 1f / MathF.Sqrt(headSize))]);
        if (keyMask is not null)
        {
            scores = g.Op("Add", [scores, keyMask]);
        }

        var probabilities = g.Op("Softmax", [scores], OnnxAttribute.Int("axis", -1));
        var context = g.Op("Transpose", [g.Op("MatMul", [probabilities, v])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        context = g.Op("Reshape", [context, g.Int64Vector(prefix + "merge_heads", 0, 0, d)]);
        var attention = Linear(context, prefix + "out", w.OutputWeight, w.OutputBias, d, d);
        h = LayerNorm(g.Op("Add", [h, attention]), prefix + "attention_norm", w.AttentionNormScale, w.AttentionNormBias);
        var inner = Gelu(Linear(h, prefix + "ffn_in", w.FeedForwardInWeight, w.FeedForwardInBias, d, _shape.FeedForward));
        var feedForward = Linear(inner, prefix + "ffn_out", w.FeedForwardOutWeight, w.FeedForwardOutBias, _shape.FeedForward, d);
        return LayerNorm(g.Op("Add", [h, feedForward]), prefix + "final_norm", w.FinalNormScale, w.FinalNormBias);
    }

    private string Linear(string x, string name, float[] weight, float[] bias, int inputs, int outputs) =>
        _g.Op("Add", [_g.Op("MatMul", [x, Weight(name + ".weight", weight, inputs, outputs)]), Weight(name + ".bias", bias, outputs)]);

    private string LayerNorm(string x, string name, float[] scale, float[] bias) =>
        _g.Op("LayerNormalization",
            [x, Weight(name + ".scale", scale, scale.Length), Weight(name + ".bias", bias, bias.Length)],
            OnnxAttribute.Int("axis", -1),
            OnnxAttribute.Float("epsilon", _shape.LayerNormEpsilon));

    private string Gelu(string x)
    {
        _sqrtTwo ??= _g.FloatScalar("gelu.sqrt2", MathF.Sqrt(2f));
        _one ??= _g.FloatScalar("gelu.one", 1f);
        _half ??= _g.FloatScalar("gelu.half", 0.5f);
        var erf = _g.Op("Erf", [_g.Op("Div", [x, _sqrtTwo])]);
        return _g.Op("Mul", [_g.Op("Mul", [x, _g.Op("Add", [erf, _one])]), _half]);
    }

    /// <summary>
    /// A weight initializer: float32 as it is, or (with float16 weights) a FLOAT16 initializer under the same
    /// name and a Cast to float, whose output the consumer uses.
    /// </summary>
    private string Weight(string name, float[] data, params long[] dims)
    {
        if (!_precision.HasFloat16Weights())
        {
            return _g.Float(name, data, dims);
        }

        return Cast(_g.Float16(name, data, dims), OnnxDataType.Float);
    }

    private string Cast(string x, OnnxDataType to) => _g.Op("Cast", [x], OnnxAttribute.Int("to", (long)to));

    private static string Name(string format, int index) => string.Format(CultureInfo.InvariantCulture, format, index);
}
