using System.Diagnostics;
using EmotionGrid.OnnxModels;
using EmotionGrid.Testing;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// Cross-checks the generated files with the ONNX project's own checker (full check, with shape
/// inference). Needs Debian's python3-onnx (<c>apt-get install python3-onnx</c>); skipped without it.
/// </summary>
public sealed class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_onnx_checker_accepts_the_generated_model(bool withAttentionMask)
    {
        if (!File.Exists(Python) || Execute("-c \"import onnx\"").ExitCode != 0)
        {
            Requirement.Unmet($"{Python} with the onnx module (Debian python3-onnx) is not installed");
        }

        var path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        OnnxTestRuntime.Tiny(withAttentionMask).WriteTo(path);
        try
        {
            var (exitCode, output) = Execute(
                $"-c \"import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); " +
                $"print(m.ir_version, m.opset_import[0].version, [i.name for i in m.graph.input], [o.name for o in m.graph.output])\" {path}");

            Assert.True(exitCode == 0, output);
            var expectedInputs = withAttentionMask ? "['input_values', 'attention_mask']" : "['input_values']";
            Assert.Equal($"8 17 {expectedInputs} ['{Wav2Vec2Model.LastHiddenState}']", output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int ExitCode, string Output) Execute(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
