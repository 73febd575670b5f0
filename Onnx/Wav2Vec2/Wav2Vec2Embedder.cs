using System.Security.Cryptography;
using EmotionGrid.Audio;

namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>
/// Embeds 16 kHz clips with any Hugging Face / optimum ONNX export of a Wav2Vec2-family encoder: input
/// normalised per clip, vector = mean of <c>last_hidden_state</c> over the clip's valid frames.
/// Batches group clips by length: with an <c>attention_mask</c> input, clips are padded and masked (a
/// clip's vector batched equals its vector alone); without one, only clips of equal length share a run,
/// because padding would change what a group-norm feature encoder computes. The id carries the model
/// file's hash, so vectors of different models never mix.
/// </summary>
public sealed class Wav2Vec2Embedder : IBatchAudioEmbedder, IDisposable
{
    private const int MinimumSamples = 400; // one frame of the conv stack
    private readonly OnnxSession _session;
    private readonly Wav2Vec2Options _options;
    private readonly Wav2Vec2Signature _signature;
    private readonly SemaphoreSlim _runs;

    public Wav2Vec2Embedder(OnnxRuntime runtime, Wav2Vec2Options options, OnnxSessionOptions? sessionOptions = null)
    {
        if (!File.Exists(options.ModelPath))
        {
            throw new FileNotFoundException($"the Wav2Vec2 model '{options.ModelPath}' does not exist (EmotionGrid:Embedding:Wav2Vec2:ModelPath)", options.ModelPath);
        }

        _options = options;
        _runs = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRuns));
        _session = runtime.CreateSession(options.ModelPath, sessionOptions);
        try
        {
            _signature = Wav2Vec2Signature.Discover(_session, ProbeHidden);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        using var file = File.OpenRead(options.ModelPath);
        Id = $"wav2vec2-{Convert.ToHexStringLower(SHA256.HashData(file))[..12]}";
    }

    public string Id { get; }

    public int Dimension => _signature.Hidden;

    public bool HasAttentionMask => _signature.AttentionMask is not null;

    public OnnxExecutionProvider SelectedProvider => _session.SelectedProvider;

    public string ProviderReason => _session.ProviderReason;

    public float[] Embed(ReadOnlySpan<float> samples16kMono) => Run([samples16kMono.ToArray()])[0];

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips)
    {
        var results = new float[clips.Count][];
        foreach (var batch in Batches(clips))
        {
            var vectors = Run(batch.Select(i => clips[i]).ToList());
            for (var i = 0; i < batch.Count; i++)
            {
                results[batch[i]] = vectors[i];
            }
        }

        return results;
    }

    /// <summary>Clip indices grouped for runs: sorted by length, bounded by batch size and padded seconds.</summary>
    private IEnumerable<List<int>> Batches(IReadOnlyList<float[]> clips)
    {
        var batch = new List<int>();
        foreach (var index in Enumerable.Range(0, clips.Count).OrderBy(i => clips[i].Length))
        {
            var longest = Math.Max(MinimumSamples, clips[index].Length);
            var fits = batch.Count < _options.MaxBatchSize
                       && (batch.Count + 1) * (double)longest / 16_000 <= _options.MaxBatchSeconds
                       && (HasAttentionMask || batch.Count == 0 || clips[batch[0]].Length == clips[index].Length);
            if (!fits && batch.Count > 0)
            {
                yield return batch;
                batch = [];
            }

            batch.Add(index);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private float[][] Run(IReadOnlyList<float[]> clips)
    {
        var width = Math.Max(MinimumSamples, clips.Max(c => c.Length));
        var values = new float[clips.Count * width];
        var mask = HasAttentionMask ? new long[clips.Count * width] : null;
        for (var b = 0; b < clips.Count; b++)
        {
            var row = values.AsSpan(b * width, Math.Max(clips[b].Length, Math.Min(width, MinimumSamples)));
            clips[b].CopyTo(row);
            if (_options.Normalize)
            {
                NormalizeInPlace(row);
            }

            mask?.AsSpan(b * width, row.Length).Fill(1);
        }

        var inputs = new List<(string, OnnxTensor)> { (_signature.Input, OnnxTensor.FromFloat32(values, clips.Count, width)) };
        if (mask is not null)
        {
            inputs.Add((_signature.AttentionMask!, OnnxTensor.FromInt64(mask, clips.Count, width)));
        }

        IReadOnlyList<OnnxTensor> outputs;
        _runs.Wait();
        try
        {
            outputs = _session.Run(inputs, [_signature.Output]);
        }
        finally
        {
            _runs.Release();
        }

        var hidden = outputs[0];
        var (frames, dimension) = ((int)hidden.Shape[1], (int)hidden.Shape[2]);
        var data = hidden.Float32Data.Span;
        var vectors = new float[clips.Count][];
        for (var b = 0; b < clips.Count; b++)
        {
            var valid = Math.Clamp(ConvFrames.Count(Math.Max(clips[b].Length, MinimumSamples)), 1, frames);
            var vector = new float[dimension];
            for (var t = 0; t < valid; t++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(vector, data.Slice(((b * frames) + t) * dimension, dimension), vector);
            }

            System.Numerics.Tensors.TensorPrimitives.Divide(vector, valid, vector);
            vectors[b] = vector;
        }

        return vectors;
    }

    /// <summary>(x − mean) / √(var + 1e-7), as Hugging Face's Wav2Vec2FeatureExtractor.</summary>
    private static void NormalizeInPlace(Span<float> clip)
    {
        double sum = 0, squares = 0;
        foreach (var x in clip)
        {
            sum += x;
            squares += (double)x * x;
        }

        var mean = sum / clip.Length;
        var scale = 1 / Math.Sqrt(Math.Max(0, (squares / clip.Length) - (mean * mean)) + 1e-7);
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] = (float)((clip[i] - mean) * scale);
        }
    }

    private int ProbeHidden(string input, string? mask, string output)
    {
        var probe = new float[16_000];
        var inputs = new List<(string, OnnxTensor)> { (input, OnnxTensor.FromFloat32(probe, 1, probe.Length)) };
        if (mask is not null)
        {
            inputs.Add((mask, OnnxTensor.FromInt64(Enumerable.Repeat(1L, probe.Length).ToArray(), 1, probe.Length)));
        }

        return (int)_session.Run(inputs, [output])[0].Shape[2];
    }

    public void Dispose()
    {
        _session.Dispose();
        _runs.Dispose();
    }
}
