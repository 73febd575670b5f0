using EmotionGrid.OnnxModels;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// The Tiny models the tests share, runs of a plain session, and the process's ORT environment created with
/// <see cref="OrtLog.Logger"/> (ORT has one per process: whoever touches ORT first decides, so every helper here does it first).
/// </summary>
internal static class OnnxTestRuntime
{
    public const int Seed = 7;

    private static readonly Lazy<bool> Environment = new(() => OnnxEnvironment.Configure(OrtLog.Logger, OnnxLogSeverity.Warning));
    private static readonly Lazy<Wav2Vec2Model> TinyMasked = new(() => Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: true));
    private static readonly Lazy<Wav2Vec2Model> TinyUnmasked = new(() => Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: false));
    private static readonly Lazy<byte[]> TinyMaskedBytes = new(() => TinyMasked.Value.ToBytes());
    private static readonly Lazy<byte[]> TinyUnmaskedBytes = new(() => TinyUnmasked.Value.ToBytes());

    public static OnnxSessionOptions Cpu => new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 };

    public static void EnsureEnvironment() => _ = Environment.Value;

    public static Wav2Vec2Model Tiny(bool withAttentionMask) => withAttentionMask ? TinyMasked.Value : TinyUnmasked.Value;

    public static byte[] TinyBytes(bool withAttentionMask) => withAttentionMask ? TinyMaskedBytes.Value : TinyUnmaskedBytes.Value;

    /// <summary>CPU, one intra-op thread: deterministic and cheap when xunit runs classes side by side.</summary>
    public static OnnxSession TinySession(bool withAttentionMask, OnnxExecutionProvider provider = OnnxExecutionProvider.Cpu)
    {
        EnsureEnvironment();
        return OnnxSession.Load(TinyBytes(withAttentionMask), new OnnxSessionOptions { ExecutionProvider = provider, IntraOpThreads = 1 }, OrtLog.Logger);
    }

    /// <summary>Writes a model into <paramref name="folder"/> and returns its path.</summary>
    public static string WriteModel(string folder, Wav2Vec2Model model, string name)
    {
        var path = Path.Combine(folder, name);
        model.WriteTo(path);
        return path;
    }

    /// <summary>One run of <c>last_hidden_state</c> on [batch, samples] float input (and an int64 mask when given).</summary>
    public static (float[] Data, long[] Shape) Run(OnnxSession session, float[] input, int batch, long[]? mask = null)
    {
        long[] shape = [batch, input.Length / batch];
        using var values = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var maskValue = mask is null ? null : OrtValue.CreateTensorValueFromMemory(mask, shape);
        var names = mask is null ? new[] { Wav2Vec2Model.InputValues } : [Wav2Vec2Model.InputValues, Wav2Vec2Model.AttentionMask];
        var inputs = maskValue is null ? new[] { values } : [values, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = session.Inference.Run(runOptions, names, inputs, [Wav2Vec2Model.LastHiddenState]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Speech-like scale: uniform noise in ±1, deterministic per seed.</summary>
    public static float[] RandomSamples(int count, int seed)
    {
        var random = new Random(seed);
        var samples = new float[count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (2f * random.NextSingle()) - 1f;
        }

        return samples;
    }

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    public static double RelativeL2(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0;
        double norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += (actual[i] - (double)expected[i]) * (actual[i] - (double)expected[i]);
            norm += expected[i] * (double)expected[i];
        }

        return Math.Sqrt(difference / norm);
    }

    public static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
