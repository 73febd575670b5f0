using EmotionGrid.OnnxModels;
using EmotionGrid.Testing;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// The ORT library the build copied beside the tests (skip, or fail under EMOTIONGRID_REQUIRE_ALL=1,
/// when the build could not fetch it), plus the Tiny models the tests share.
/// </summary>
internal static class OnnxTestRuntime
{
    public const int Seed = 7;

    private static readonly Lazy<(OnnxRuntime? Runtime, string? Reason)> Loaded = new(() =>
    {
        try
        {
            return (OnnxRuntime.Load(new OnnxRuntimeOptions(), OrtLog.Logger), null);
        }
        catch (OnnxRuntimeUnavailableException e)
        {
            return (null, e.Message);
        }
    });

    private static readonly Lazy<Wav2Vec2Model> TinyMasked = new(() => Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: true));
    private static readonly Lazy<Wav2Vec2Model> TinyUnmasked = new(() => Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: false));
    private static readonly Lazy<byte[]> TinyMaskedBytes = new(() => TinyMasked.Value.ToBytes());
    private static readonly Lazy<byte[]> TinyUnmaskedBytes = new(() => TinyUnmasked.Value.ToBytes());

    /// <summary>The loaded runtime, or the test is skipped with the binding's own how-to message.</summary>
    public static OnnxRuntime Require()
    {
        var (runtime, reason) = Loaded.Value;
        if (runtime is null)
        {
            Requirement.Unmet(reason!);
        }

        return runtime!;
    }

    public static Wav2Vec2Model Tiny(bool withAttentionMask) => withAttentionMask ? TinyMasked.Value : TinyUnmasked.Value;

    public static byte[] TinyBytes(bool withAttentionMask) => withAttentionMask ? TinyMaskedBytes.Value : TinyUnmaskedBytes.Value;

    /// <summary>CPU, one intra-op thread: deterministic and cheap when xunit runs classes side by side.</summary>
    public static OnnxSession TinySession(bool withAttentionMask, OnnxExecutionProvider provider = OnnxExecutionProvider.Cpu) =>
        Require().CreateSession(TinyBytes(withAttentionMask), new OnnxSessionOptions { ExecutionProvider = provider, IntraOpThreads = 1 });

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
