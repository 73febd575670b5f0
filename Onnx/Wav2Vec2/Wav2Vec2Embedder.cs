using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EmotionGrid.Audio;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Onnx.Wav2Vec2;

/// <summary>
/// Embeds 16 kHz clips with any Hugging Face / optimum ONNX export of a Wav2Vec2-family encoder on ONNX Runtime:
/// input normalised per clip, vector = mean of <c>last_hidden_state</c> over the clip's valid frames.
/// A call's clips are grouped by length: with an <c>attention_mask</c> input, clips are padded and masked (a
/// clip's vector batched equals its vector alone); without one, only clips of equal length share a run,
/// because padding would change what a group-norm feature encoder computes. float16 exports are converted at
/// the boundary (the vectors stay float32). The id carries the model file's hash, so vectors of different
/// models never mix. Cross-caller batching is <see cref="Audio.Batching.DynamicBatcher"/>'s job.
/// </summary>
public sealed class Wav2Vec2Embedder : IBatchAudioEmbedder, IDisposable
{
    private const int MinimumSamples = 400; // one frame of the conv stack
    private readonly OnnxSession _session;
    private readonly Wav2Vec2Options _options;
    private readonly Wav2Vec2Signature _signature;
    private readonly SemaphoreSlim _runs;
    private readonly RunOptions _runOptions = new();

    public Wav2Vec2Embedder(Wav2Vec2Options options, OnnxSessionOptions? sessionOptions = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.ModelPath))
        {
            throw new FileNotFoundException($"the Wav2Vec2 model '{options.ModelPath}' does not exist (EmotionGrid:Embedding:Wav2Vec2:ModelPath)", options.ModelPath);
        }

        _options = options;
        _runs = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRuns));
        _session = OnnxSession.Load(options.ModelPath, sessionOptions, logger);
        try
        {
            _signature = Wav2Vec2Signature.Discover(_session.Inference, s => RunModel(s, [new float[16_000]]).Hidden);
        }
        catch
        {
            Dispose();
            throw;
        }

        using var file = File.OpenRead(options.ModelPath);
        Id = $"wav2vec2-{Convert.ToHexStringLower(SHA256.HashData(file))[..12]}";
    }

    public string Id { get; }

    public int Dimension => _signature.Hidden;

    public bool HasAttentionMask => _signature.AttentionMask is not null;

    public bool CanPadClips => HasAttentionMask;

    public Wav2Vec2Signature Signature => _signature;

    public OnnxExecutionProvider SelectedProvider => _session.SelectedProvider;

    public string ProviderReason => _session.ProviderReason;

    public float[] Embed(ReadOnlySpan<float> samples16kMono) => Run([samples16kMono.ToArray()])[0];

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<float[]> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
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
        var (hidden, frames, dimension) = RunModel(_signature, clips);
        var vectors = new float[clips.Count][];
        for (var b = 0; b < clips.Count; b++)
        {
            var valid = Math.Clamp(ConvFrames.Count(Math.Max(clips[b].Length, MinimumSamples)), 1, frames);
            var vector = new float[dimension];
            for (var t = 0; t < valid; t++)
            {
                TensorPrimitives.Add(vector, hidden.AsSpan(((b * frames) + t) * dimension, dimension), vector);
            }

            TensorPrimitives.Divide(vector, valid, vector);
            vectors[b] = vector;
        }

        return vectors;
    }

    /// <summary>One model run over the clips padded to the longest: <c>last_hidden_state</c> as float32 [batch, frames, hidden].</summary>
    private (float[] Data, int Frames, int Hidden) RunModel(Wav2Vec2Signature signature, IReadOnlyList<float[]> clips)
    {
        var width = Math.Max(MinimumSamples, clips.Max(c => c.Length));
        long[] shape = [clips.Count, width];
        var values = new float[clips.Count * width];
        var mask = signature.AttentionMask is null ? null : new long[clips.Count * width];
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

        using var input = signature.InputIsHalf
            ? OrtValue.CreateTensorValueFromMemory(ToHalf(values), shape)
            : OrtValue.CreateTensorValueFromMemory(values, shape);
        using var maskValue = mask is null ? null : OrtValue.CreateTensorValueFromMemory(mask, shape);
        var names = mask is null ? new[] { signature.Input } : [signature.Input, signature.AttentionMask!];
        var inputs = maskValue is null ? new[] { input } : [input, maskValue];

        _runs.Wait();
        try
        {
            using var outputs = _session.Inference.Run(_runOptions, names, inputs, [signature.Output]);
            var output = outputs[0];
            var outputShape = output.GetTensorTypeAndShape().Shape;
            var (frames, hidden) = ((int)outputShape[1], (int)outputShape[2]);
            var data = new float[clips.Count * frames * hidden];
            if (signature.OutputIsHalf)
            {
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(output.GetTensorDataAsSpan<Float16>()), data);
            }
            else
            {
                output.GetTensorDataAsSpan<float>().CopyTo(data);
            }

            return (data, frames, hidden);
        }
        finally
        {
            _runs.Release();
        }
    }

    private static Float16[] ToHalf(float[] values)
    {
        var halves = new Float16[values.Length];
        TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<Float16, Half>(halves.AsSpan()));
        return halves;
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

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _runs.Dispose();
    }
}
