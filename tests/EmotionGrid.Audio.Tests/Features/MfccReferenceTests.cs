using System.Text.Json;
using EmotionGrid.Audio.Features;
using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>
/// Mel filterbank, MFCC and deltas agree with torchaudio on the same signal
/// (tests/reference/mfcc_reference.json, written by tests/reference/make_mfcc_reference.py).
/// </summary>
public sealed class MfccReferenceTests
{
    private const int Mfccs = AcousticFrameAnalyzer.MfccCount;
    private readonly ITestOutputHelper _output;

    public MfccReferenceTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_regenerated_signal_is_the_one_the_reference_was_made_from()
    {
        using var reference = LoadReference();
        var signal = reference.RootElement.GetProperty("signal");
        var x = Generate(signal);

        var first = signal.GetProperty("first").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(first, x[..first.Length]);
        Assert.Equal(signal.GetProperty("sum").GetDouble(), x.Sum(v => (double)v), 1e-3);
        Assert.Equal(signal.GetProperty("sumOfSquares").GetDouble(), x.Sum(v => (double)v * v), 1e-3);
    }

    [Fact]
    public void Mel_energies_and_mfccs_match_torchaudio()
    {
        using var reference = LoadReference();
        var (samples, frameCount) = AlignedSamples(reference.RootElement);
        var analyzer = new AcousticFrameAnalyzer();
        var scratch = analyzer.CreateScratch();
        var mfcc = new float[Mfccs];
        var other = new float[AcousticFrameAnalyzer.OtherCount];
        Assert.Equal(frameCount, AcousticFrameAnalyzer.FrameCount(samples.Length));

        double worstMelRelative = 0, worstMfccAbsolute = 0;
        foreach (var frame in reference.RootElement.GetProperty("frames").EnumerateArray())
        {
            var t = frame.GetProperty("index").GetInt32();
            analyzer.Analyze(samples, t, scratch, mfcc, other, withPitch: false);
            var expectedMel = Floats(frame, "mel");
            var expectedMfcc = Floats(frame, "mfcc");
            var mel = scratch.Mel.ToArray();

            for (var b = 0; b < expectedMel.Length; b++)
            {
                var relative = Math.Abs(mel[b] - expectedMel[b]) / Math.Abs(expectedMel[b]);
                worstMelRelative = Math.Max(worstMelRelative, relative);
                Assert.True(relative < 1e-4, $"frame {t} band {b}: {mel[b]} vs torchaudio {expectedMel[b]}");
            }

            for (var i = 0; i < Mfccs; i++)
            {
                var error = Math.Abs(mfcc[i] - expectedMfcc[i]);
                worstMfccAbsolute = Math.Max(worstMfccAbsolute, error);
                Assert.True(error < 1e-3, $"frame {t} c{i}: {mfcc[i]} vs torchaudio {expectedMfcc[i]}");
            }
        }

        _output.WriteLine($"worst mel relative error {worstMelRelative:E2}, worst MFCC absolute error {worstMfccAbsolute:E2}");
    }

    [Fact]
    public void Deltas_match_torchaudio_compute_deltas()
    {
        using var reference = LoadReference();
        var (samples, frameCount) = AlignedSamples(reference.RootElement);
        var analyzer = new AcousticFrameAnalyzer();
        var scratch = analyzer.CreateScratch();
        var track = new float[frameCount * Mfccs];
        var other = new float[AcousticFrameAnalyzer.OtherCount];
        for (var t = 0; t < frameCount; t++)
        {
            analyzer.Analyze(samples, t, scratch, track.AsSpan(t * Mfccs, Mfccs), other, withPitch: false);
        }

        var delta = new float[Mfccs];
        var delta2 = new float[Mfccs];
        var rows = new float[((2 * RegressionDeltas.Reach) + 1) * Mfccs];
        var fullDelta = RegressionDeltas.Of(track, frameCount, Mfccs);
        double worstDelta = 0, worstDelta2 = 0;
        foreach (var frame in reference.RootElement.GetProperty("frames").EnumerateArray())
        {
            var t = frame.GetProperty("index").GetInt32();
            RegressionDeltas.FirstAndSecondAt(track, frameCount, t, delta, delta2, rows);
            var expectedDelta = Floats(frame, "delta");
            var expectedDelta2 = Floats(frame, "delta2");
            for (var i = 0; i < Mfccs; i++)
            {
                worstDelta = Math.Max(worstDelta, Math.Abs(delta[i] - expectedDelta[i]));
                worstDelta2 = Math.Max(worstDelta2, Math.Abs(delta2[i] - expectedDelta2[i]));
                Assert.True(Math.Abs(delta[i] - expectedDelta[i]) < 1e-3, $"frame {t} delta c{i}: {delta[i]} vs {expectedDelta[i]}");
                Assert.True(Math.Abs(delta2[i] - expectedDelta2[i]) < 1e-3, $"frame {t} delta2 c{i}: {delta2[i]} vs {expectedDelta2[i]}");
                Assert.Equal(fullDelta[(t * Mfccs) + i], delta[i]);
            }
        }

        _output.WriteLine($"worst delta absolute error {worstDelta:E2}, delta2 {worstDelta2:E2}");
    }

    [Fact]
    public void One_frame_has_zero_deltas()
    {
        var track = Enumerable.Range(0, Mfccs).Select(i => (float)i).ToArray();
        var delta = new float[Mfccs];
        var delta2 = new float[Mfccs];

        RegressionDeltas.FirstAndSecondAt(track, 1, 0, delta, delta2, new float[5 * Mfccs]);

        Assert.All(delta, v => Assert.Equal(0f, v));
        Assert.All(delta2, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_linear_ramp_has_unit_delta_inside_and_zero_second_delta_in_the_middle()
    {
        const int Count = 12;
        var track = new float[Count * 2];
        for (var t = 0; t < Count; t++)
        {
            track[2 * t] = t;
            track[(2 * t) + 1] = 3;
        }

        var delta = RegressionDeltas.Of(track, Count, 2);
        var delta2 = RegressionDeltas.Of(delta, Count, 2);

        for (var t = 2; t < Count - 2; t++)
        {
            Assert.Equal(1f, delta[2 * t], 6);
            Assert.Equal(0f, delta[(2 * t) + 1]);
        }

        Assert.Equal(0.5f, delta[0], 6); // (1·(1−0) + 2·(2−0)) / 10
        Assert.Equal(0f, delta2[Count], 6); // frame Count/2
    }

    internal static JsonDocument LoadReference()
    {
        Assert.NotNull(TestData.RepoRoot);
        var path = Path.Combine(TestData.RepoRoot!, "tests", "reference", "mfcc_reference.json");
        Assert.True(File.Exists(path), $"{path} is missing: run tests/reference/make_mfcc_reference.py");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    /// <summary>The exact samples of torchaudio's frames: signal[56 ..], as many as its frames cover.</summary>
    private static (float[] Samples, int FrameCount) AlignedSamples(JsonElement root)
    {
        var x = Generate(root.GetProperty("signal"));
        var offset = root.GetProperty("parameters").GetProperty("frameOffsetSamples").GetInt32();
        var frameCount = root.GetProperty("frameCount").GetInt32();
        var length = ((frameCount - 1) * AcousticFrameAnalyzer.HopLength) + AcousticFrameAnalyzer.WindowLength;
        return (x.AsSpan(offset, length).ToArray(), frameCount);
    }

    /// <summary>The generator of make_mfcc_reference.py, operation for operation.</summary>
    private static float[] Generate(JsonElement signal)
    {
        var sampleRate = signal.GetProperty("sampleRate").GetInt32();
        var length = signal.GetProperty("length").GetInt32();
        var state = signal.GetProperty("lcgSeed").GetUInt32();
        var x = new float[length];
        for (var n = 0; n < length; n++)
        {
            var t = (double)n / sampleRate;
            state = unchecked((state * 1664525u) + 1013904223u);
            var noise = (state / 4294967296.0 * 2.0) - 1.0;
            var envelope = 0.6 + (0.4 * Math.Sin(2.0 * Math.PI * 3.0 * t));
            var chirpPhase = 2.0 * Math.PI * ((100.0 * t) + ((6000.0 - 100.0) / 2.0 * t * t));
            var value = (((0.3 * Math.Sin(2.0 * Math.PI * 220.0 * t))
                + (0.2 * Math.Sin((2.0 * Math.PI * 1250.0 * t) + 0.5))
                + (0.1 * Math.Sin(2.0 * Math.PI * 3100.0 * t))
                + (0.15 * Math.Sin(chirpPhase))) * envelope) + (0.05 * noise);
            x[n] = (float)value;
        }

        return x;
    }

    private static float[] Floats(JsonElement frame, string name) =>
        frame.GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
}
