using System.Diagnostics;
using EmotionGrid.OnnxModels;
using EmotionGrid.OnnxModels.OnnxFormat;
using EmotionGrid.OnnxModels.Protobuf;
using EmotionGrid.Testing;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// The float16 variants of the generated encoder (<see cref="Wav2Vec2Precision"/>), which exist so the
/// embedder's half-precision paths can be tested on a tiny model: what the writer encodes, and (with Debian's
/// python3-onnx, skipped without it) that the ONNX checker accepts each variant and reads the declared types back.
/// </summary>
public sealed class Float16ModelGeneratorTests
{
    private const string Python = "/usr/bin/python3";
    private const int Seed = 7;
    private const int OnnxFloat = 1;
    private const int OnnxInt64 = 7;
    private const int OnnxFloat16 = 10;

    /// <summary>Checks the model in argv[1] and prints: ir and opset; each graph input and output as name:elem_type; the initializers' data types.</summary>
    private const string CheckScript = """
        import onnx, sys
        m = onnx.load(sys.argv[1])
        onnx.checker.check_model(m, full_check=True)
        g = m.graph
        print(m.ir_version, m.opset_import[0].version)
        print(' '.join('%s:%d' % (v.name, v.type.tensor_type.elem_type) for v in list(g.input) + list(g.output)))
        print(' '.join(str(t) for t in sorted({i.data_type for i in g.initializer})))
        """;

    /// <summary>
    /// Compares the initializers of the float32 model (argv[1]) and the float16 one (argv[2]): prints how many
    /// float16 initializers there are, whether each is the float32 tensor rounded to float16, and whether every
    /// other initializer (scalar constants, int64 shapes) is unchanged.
    /// </summary>
    private const string CompareWeightsScript = """
        import onnx, sys, numpy as np
        from onnx import numpy_helper as nh
        a = {t.name: nh.to_array(t) for t in onnx.load(sys.argv[1]).graph.initializer}
        b = {t.name: nh.to_array(t) for t in onnx.load(sys.argv[2]).graph.initializer}
        half = [n for n, v in b.items() if v.dtype == np.float16]
        print(len(half), sum(1 for v in a.values() if v.dtype == np.float32 and v.ndim > 0))
        print(set(a) == set(b), all(np.array_equal(a[n].astype(np.float16), b[n]) for n in half))
        print(all(a[n].dtype == b[n].dtype and np.array_equal(a[n], b[n]) for n in b if n not in half))
        """;

    [Theory]
    [InlineData(Wav2Vec2Precision.Float32, false, OnnxFloat, OnnxFloat, false)]
    [InlineData(Wav2Vec2Precision.Float32, true, OnnxFloat, OnnxFloat, false)]
    [InlineData(Wav2Vec2Precision.Float16Input, false, OnnxFloat16, OnnxFloat, false)]
    [InlineData(Wav2Vec2Precision.Float16Input, true, OnnxFloat16, OnnxFloat, false)]
    [InlineData(Wav2Vec2Precision.Float16Output, false, OnnxFloat, OnnxFloat16, false)]
    [InlineData(Wav2Vec2Precision.Float16Output, true, OnnxFloat, OnnxFloat16, false)]
    [InlineData(Wav2Vec2Precision.Float16, false, OnnxFloat16, OnnxFloat16, true)]
    [InlineData(Wav2Vec2Precision.Float16, true, OnnxFloat16, OnnxFloat16, true)]
    public void The_onnx_checker_accepts_each_precision_and_reads_its_types(
        Wav2Vec2Precision precision, bool withAttentionMask, int inputType, int outputType, bool float16Weights)
    {
        RequireOnnx();
        var model = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask, precision);
        var path = TempModelPath();
        try
        {
            model.WriteTo(path);

            var lines = RunPython(CheckScript, path);

            var mask = withAttentionMask ? $" {Wav2Vec2Model.AttentionMask}:{OnnxInt64}" : "";
            var initializerTypes = float16Weights ? $"{OnnxFloat} {OnnxInt64} {OnnxFloat16}" : $"{OnnxFloat} {OnnxInt64}";
            Assert.Equal(
                [
                    "8 17",
                    $"{Wav2Vec2Model.InputValues}:{inputType}{mask} {Wav2Vec2Model.LastHiddenState}:{outputType}",
                    initializerTypes,
                ],
                lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float16_weights_are_the_float32_weights_rounded_to_half(bool withAttentionMask)
    {
        RequireOnnx();
        var float32Path = TempModelPath();
        var float16Path = TempModelPath();
        try
        {
            Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask).WriteTo(float32Path);
            Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask, Wav2Vec2Precision.Float16).WriteTo(float16Path);

            var lines = RunPython(CompareWeightsScript, float32Path, float16Path);

            // Every float32 weight tensor (49 for Tiny) is stored as float16; the scalar constants and int64 shapes are not.
            Assert.Equal(["49 49", "True True", "True"], lines);
        }
        finally
        {
            File.Delete(float32Path);
            File.Delete(float16Path);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float32_is_the_default_and_its_bytes_do_not_change(bool withAttentionMask)
    {
        var implicitFloat32 = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask);
        var explicitFloat32 = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask, Wav2Vec2Precision.Float32);

        Assert.Equal(Wav2Vec2Precision.Float32, implicitFloat32.Precision);
        Assert.False(implicitFloat32.Weights.RoundedToFloat16);
        Assert.Equal(implicitFloat32.ToBytes(), explicitFloat32.ToBytes());
    }

    [Theory]
    [InlineData(Wav2Vec2Precision.Float16Input)]
    [InlineData(Wav2Vec2Precision.Float16Output)]
    [InlineData(Wav2Vec2Precision.Float16)]
    public void Each_float16_variant_writes_its_computed_length(Wav2Vec2Precision precision)
    {
        var model = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: true, precision);
        using var stream = new MemoryStream();

        var reported = model.WriteTo(stream);

        Assert.Equal(precision, model.Precision);
        Assert.Equal(stream.Length, reported);
        Assert.Equal(model.ToBytes(), stream.ToArray());
    }

    [Fact]
    public void Only_the_Float16_model_holds_weights_rounded_to_half()
    {
        var float32 = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: false).Weights;
        var edgesOnly = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: false, Wav2Vec2Precision.Float16Output).Weights;
        var half = Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, Seed, withAttentionMask: false, Wav2Vec2Precision.Float16).Weights;

        Assert.False(edgesOnly.RoundedToFloat16);
        Assert.Equal(float32.ProjectionWeight, edgesOnly.ProjectionWeight);
        Assert.True(half.RoundedToFloat16);
        Assert.Equal(float32.ParameterCount, half.ParameterCount);
        Assert.Equal(float32.ProjectionWeight.Select(v => (float)(Half)v), half.ProjectionWeight);
        Assert.Equal(float32.Layers[^1].FeedForwardOutWeight.Select(v => (float)(Half)v), half.Layers[^1].FeedForwardOutWeight);
        Assert.NotEqual(float32.ProjectionWeight, half.ProjectionWeight);
    }

    [Fact]
    public void A_float16_initializer_writes_two_byte_halves()
    {
        // 1 → 0x3C00, −2 → 0xC000, 0.1 → 0x2E66 (nearest half), little-endian.
        var initializer = OnnxInitializer.Float16("w", [1f, -2f, 0.1f], 3);

        var bytes = ProtoWriter.Encode(initializer.WriteTo);

        Assert.Equal(OnnxDataType.Float16, initializer.DataType);
        Assert.Equal(10, (int)OnnxDataType.Float16);
        Assert.Equal(6, initializer.RawByteLength);
        Assert.Equal(initializer.EncodedLength, bytes.Length);
        Assert.Equal(new byte[] { 0x00, 0x3C, 0x00, 0xC0, 0x66, 0x2E }, bytes[^6..]);
    }

    private static string TempModelPath() => Path.Combine(Path.GetTempPath(), $"tiny-fp16-{Guid.NewGuid():N}.onnx");

    private static void RequireOnnx()
    {
        const string Reason = $"{Python} with the onnx and numpy modules (Debian python3-onnx, which brings python3-numpy) is not installed";
        if (!File.Exists(Python) || Execute("-c", "import onnx, numpy").ExitCode != 0)
        {
            Requirement.Unmet(Reason);
        }
    }

    /// <summary>Runs <paramref name="script"/> and returns its output lines; fails the test with stderr if Python fails (e.g. the checker rejects the model).</summary>
    private static string[] RunPython(string script, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = Execute(["-c", script, .. arguments]);
        Assert.True(exitCode == 0, $"python failed ({exitCode}): {stderr}{stdout}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static (int ExitCode, string Stdout, string Stderr) Execute(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
