namespace EmotionGrid.OnnxModels;

/// <summary>
/// A plain C# forward pass of exactly the graph <see cref="Wav2Vec2Model"/> writes, to check ONNX
/// Runtime's output against. Straight loops with double accumulators: clear rather than fast (fine for
/// <see cref="Wav2Vec2Shape.Tiny"/>; far too slow for Base).
/// </summary>
public static class Wav2Vec2Reference
{
    /// <summary>
    /// <paramref name="inputValues"/> is [batch, samples] row-major; <paramref name="attentionMask"/>
    /// (same shape, 1 = real sample) is used as the masked graph uses it. Returns last_hidden_state
    /// [batch, frames, hidden].
    /// </summary>
    public static ReferenceTensor Run(Wav2Vec2Weights weights, float[] inputValues, int batch, long[]? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(inputValues);
        if (batch <= 0 || inputValues.Length % batch != 0 || (attentionMask is not null && attentionMask.Length != inputValues.Length))
        {
            throw new ArgumentException("inputValues must be [batch, samples] and attentionMask the same shape");
        }

        var shape = weights.Shape;
        var samples = inputValues.Length / batch;
        var frames = (int)shape.FrameCount(samples);
        var d = shape.Hidden;
        var output = new float[batch * frames * d];
        for (var b = 0; b < batch; b++)
        {
            int? validFrames = null;
            if (attentionMask is not null)
            {
                long length = 0;
                for (var i = 0; i < samples; i++)
                {
                    length += attentionMask[(b * samples) + i];
                }

                validFrames = (int)Math.Clamp(MaskedLength(shape, length), 0, frames);
            }

            var hidden = Item(weights, inputValues.AsSpan(b * samples, samples), validFrames, layerNormFeatures: attentionMask is not null);
            for (var t = 0; t < frames; t++)
            {
                hidden[t].CopyTo(output, ((b * frames) + t) * d);
            }
        }

        return new ReferenceTensor(output, [batch, frames, d]);
    }

    /// <summary>The graph's int64 length formula: truncating division, so it can go below zero for short masks.</summary>
    private static long MaskedLength(Wav2Vec2Shape shape, long samples)
    {
        var length = samples;
        for (var i = 0; i < shape.ConvKernels.Count; i++)
        {
            var difference = length - shape.ConvKernels[i];
            length = (difference / shape.ConvStrides[i]) + 1;  // C# division truncates toward zero, like ONNX Div on int64
        }

        return length;
    }

    private static float[][] Item(Wav2Vec2Weights w, ReadOnlySpan<float> samples, int? validFrames, bool layerNormFeatures)
    {
        var shape = w.Shape;
        var c = shape.ConvChannels;

        // Feature extractor, channels first: [channels][time].
        float[][] x = [samples.ToArray()];
        for (var layer = 0; layer < shape.ConvKernels.Count; layer++)
        {
            x = Conv(x, w.ConvKernels[layer], c, shape.ConvKernels[layer], shape.ConvStrides[layer]);
            if (layer == 0 && layerNormFeatures)
            {
                FrameLayerNorm(x, w.FirstConvNormScale, w.FirstConvNormBias, shape.LayerNormEpsilon);
            }
            else if (layer == 0)
            {
                InstanceNorm(x, w.FirstConvNormScale, w.FirstConvNormBias, shape.LayerNormEpsilon);
            }

            foreach (var channel in x)
            {
                GeluInPlace(channel);
            }
        }

        var frames = x[0].Length;
        var h = new float[frames][];
        for (var t = 0; t < frames; t++)
        {
            var frame = new float[c];
            for (var ch = 0; ch < c; ch++)
            {
                frame[ch] = x[ch][t];
            }

            LayerNorm(frame, w.FeatureNormScale, w.FeatureNormBias, shape.LayerNormEpsilon);
            h[t] = Linear(frame, w.ProjectionWeight, w.ProjectionBias, shape.Hidden);
        }

        var valid = validFrames ?? frames;
        if (validFrames is not null)
        {
            for (var t = valid; t < frames; t++)
            {
                Array.Clear(h[t]);
            }
        }

        AddPositionalConv(w, h);
        foreach (var frame in h)
        {
            LayerNorm(frame, w.EncoderNormScale, w.EncoderNormBias, shape.LayerNormEpsilon);
        }

        foreach (var layer in w.Layers)
        {
            h = Block(shape, layer, h, validFrames is null ? null : valid);
        }

        return h;
    }

    private static float[][] Conv(float[][] input, float[] kernel, int outChannels, int size, int stride)
    {
        var inChannels = input.Length;
        var outLength = ((input[0].Length - size) / stride) + 1;
        var output = new float[outChannels][];
        for (var o = 0; o < outChannels; o++)
        {
            output[o] = new float[outLength];
            for (var t = 0; t < outLength; t++)
            {
                double sum = 0;
                for (var i = 0; i < inChannels; i++)
                {
                    var weights = kernel.AsSpan(((o * inChannels) + i) * size, size);
                    var row = input[i];
                    for (var j = 0; j < size; j++)
                    {
                        sum += (double)weights[j] * row[(t * stride) + j];
                    }
                }

                output[o][t] = (float)sum;
            }
        }

        return output;
    }

    /// <summary>Grouped conv over time with padding k/2 on both sides, keeping the first T outputs; GELU; added to h.</summary>
    private static void AddPositionalConv(Wav2Vec2Weights w, float[][] h)
    {
        var shape = w.Shape;
        var d = shape.Hidden;
        var k = shape.PositionalConvKernel;
        var pad = k / 2;
        var groupSize = d / shape.PositionalConvGroups;
        var frames = h.Length;
        var added = new float[frames][];
        for (var t = 0; t < frames; t++)
        {
            added[t] = new float[d];
            for (var o = 0; o < d; o++)
            {
                var group = o / groupSize;
                double sum = w.PositionalConvBias[o];
                for (var i = 0; i < groupSize; i++)
                {
                    var channel = (group * groupSize) + i;
                    var weights = w.PositionalConvWeight.AsSpan(((o * groupSize) + i) * k, k);
                    for (var j = 0; j < k; j++)
                    {
                        var source = t + j - pad;
                        if (source >= 0 && source < frames)
                        {
                            sum += (double)weights[j] * h[source][channel];
                        }
                    }
                }

                added[t][o] = Gelu((float)sum);
            }
        }

        for (var t = 0; t < frames; t++)
        {
            for (var o = 0; o < d; o++)
            {
                h[t][o] += added[t][o];
            }
        }
    }

    private static float[][] Block(Wav2Vec2Shape shape, Wav2Vec2LayerWeights w, float[][] h, int? validFrames)
    {
        var d = shape.Hidden;
        var heads = shape.Heads;
        var headSize = shape.HeadSize;
        var frames = h.Length;
        var q = h.Select(f => Linear(f, w.QueryWeight, w.QueryBias, d)).ToArray();
        var k = h.Select(f => Linear(f, w.KeyWeight, w.KeyBias, d)).ToArray();
        var v = h.Select(f => Linear(f, w.ValueWeight, w.ValueBias, d)).ToArray();
        var scale = 1f / MathF.Sqrt(headSize);
        var context = Enumerable.Range(0, frames).Select(_ => new float[d]).ToArray();
        var scores = new float[frames];
        for (var head = 0; head < heads; head++)
        {
            var offset = head * headSize;
            for (var i = 0; i < frames; i++)
            {
                for (var j = 0; j < frames; j++)
                {
                    double dot = 0;
                    for (var e = 0; e < headSize; e++)
                    {
                        dot += (double)q[i][offset + e] * k[j][offset + e];
                    }

                    scores[j] = ((float)dot * scale) + (validFrames is { } valid && j >= valid ? Wav2Vec2Graph.MaskedScore : 0f);
                }

                Softmax(scores);
                for (var e = 0; e < headSize; e++)
                {
                    double sum = 0;
                    for (var j = 0; j < frames; j++)
                    {
                        sum += (double)scores[j] * v[j][offset + e];
                    }

                    context[i][offset + e] = (float)sum;
                }
            }
        }

        var result = new float[frames][];
        for (var t = 0; t < frames; t++)
        {
            var attention = Linear(context[t], w.OutputWeight, w.OutputBias, d);
            var x = new float[d];
            for (var e = 0; e < d; e++)
            {
                x[e] = h[t][e] + attention[e];
            }

            LayerNorm(x, w.AttentionNormScale, w.AttentionNormBias, shape.LayerNormEpsilon);
            var inner = Linear(x, w.FeedForwardInWeight, w.FeedForwardInBias, shape.FeedForward);
            GeluInPlace(inner);
            var feedForward = Linear(inner, w.FeedForwardOutWeight, w.FeedForwardOutBias, d);
            for (var e = 0; e < d; e++)
            {
                x[e] += feedForward[e];
            }

            LayerNorm(x, w.FinalNormScale, w.FinalNormBias, shape.LayerNormEpsilon);
            result[t] = x;
        }

        return result;
    }

    /// <summary>y = x·W + b with W row-major [in, out].</summary>
    private static float[] Linear(float[] x, float[] weight, float[] bias, int outputs)
    {
        var y = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            double sum = bias[o];
            for (var i = 0; i < x.Length; i++)
            {
                sum += (double)x[i] * weight[(i * outputs) + o];
            }

            y[o] = (float)sum;
        }

        return y;
    }

    private static void LayerNorm(float[] x, float[] scale, float[] bias, float epsilon)
    {
        double mean = 0;
        foreach (var value in x)
        {
            mean += value;
        }

        mean /= x.Length;
        double variance = 0;
        foreach (var value in x)
        {
            variance += (value - mean) * (value - mean);
        }

        variance /= x.Length;
        var inverse = 1.0 / Math.Sqrt(variance + epsilon);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(((x[i] - mean) * inverse * scale[i]) + bias[i]);
        }
    }

    /// <summary>Per frame over channels (the "layer" feature extractor of masked models).</summary>
    private static void FrameLayerNorm(float[][] channels, float[] scale, float[] bias, float epsilon)
    {
        var frame = new float[channels.Length];
        for (var t = 0; t < channels[0].Length; t++)
        {
            for (var c = 0; c < channels.Length; c++)
            {
                frame[c] = channels[c][t];
            }

            LayerNorm(frame, scale, bias, epsilon);
            for (var c = 0; c < channels.Length; c++)
            {
                channels[c][t] = frame[c];
            }
        }
    }

    /// <summary>Per channel over time (GroupNorm with one group per channel).</summary>
    private static void InstanceNorm(float[][] channels, float[] scale, float[] bias, float epsilon)
    {
        for (var c = 0; c < channels.Length; c++)
        {
            var row = channels[c];
            double mean = 0;
            foreach (var value in row)
            {
                mean += value;
            }

            mean /= row.Length;
            double variance = 0;
            foreach (var value in row)
            {
                variance += (value - mean) * (value - mean);
            }

            variance /= row.Length;
            var inverse = 1.0 / Math.Sqrt(variance + epsilon);
            for (var t = 0; t < row.Length; t++)
            {
                row[t] = (float)(((row[t] - mean) * inverse * scale[c]) + bias[c]);
            }
        }
    }

    private static void Softmax(float[] scores)
    {
        var max = scores.Max();
        double sum = 0;
        var exps = new double[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            exps[i] = Math.Exp(scores[i] - max);
            sum += exps[i];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)(exps[i] / sum);
        }
    }

    private static float Gelu(float x) => (float)(x * 0.5 * (1.0 + Erf.Of(x / Math.Sqrt(2.0))));

    private static void GeluInPlace(float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Gelu(values[i]);
        }
    }
}
