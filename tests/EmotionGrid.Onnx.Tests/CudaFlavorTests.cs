using System.Diagnostics;
using System.Text.Json;
using EmotionGrid.Onnx.Wav2Vec2;
using EmotionGrid.OnnxModels;
using EmotionGrid.Testing;

namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// The one MSBuild switch: building with <c>-p:OnnxRuntimeFlavor=Cuda</c> takes Microsoft.ML.OnnxRuntime.Gpu.Linux
/// instead of the CPU package (into bin/cuda, beside the CPU build, never both in one output) with linux-x64's
/// natives only. On this machine, without CUDA 13, <c>auto</c> falls back to CPU with the provider library's own
/// reason and computes the CPU build's vector, and <c>cuda</c> fails with that reason. Where CUDA does load, the
/// same test checks the GPU's vector against the CPU's (relative L2 &lt; 1e-3).
/// </summary>
public sealed class CudaFlavorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotiongrid-flavor-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_CUDA_build_falls_back_with_its_reason_and_computes_the_CPU_vector()
    {
        var repo = TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var project = Path.Combine(repo, "tests", "EmotionGrid.Onnx.FlavorProbe");
        using (await MachineLoadLock.AcquireAsync(TimeSpan.FromMinutes(10)))
        {
            var (code, output) = await RunAsync("dotnet", ["build", project, "-p:OnnxRuntimeFlavor=Cuda", "-v", "q", "-nologo"], TimeSpan.FromMinutes(8));
            Assert.True(code == 0, $"the CUDA build failed:\n{output}");
        }

        var bin = Path.Combine(project, "bin", "cuda", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(bin, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so")), "the CUDA provider library is missing");
        Assert.Equal(["linux-x64"], Directory.GetDirectories(Path.Combine(bin, "runtimes")).Select(Path.GetFileName));

        var model = OnnxTestRuntime.WriteModel(_folder, Wav2Vec2ModelFactory.Create(Wav2Vec2Shape.Tiny, OnnxTestRuntime.Seed, withAttentionMask: true), "tiny.onnx");
        var (autoCode, autoOutput) = await RunAsync("dotnet", [Path.Combine(bin, "EmotionGrid.Onnx.FlavorProbe.dll"), model, "auto", "12000"], TimeSpan.FromMinutes(2));
        Assert.True(autoCode == 0, autoOutput);
        using var auto = JsonDocument.Parse(autoOutput.Trim().Split('\n')[^1]);
        var root = auto.RootElement;
        Assert.Equal("Cuda", root.GetProperty("flavor").GetString());
        Assert.Equal("Microsoft.ML.OnnxRuntime.Gpu.Linux", root.GetProperty("package").GetString());
        Assert.Contains("CUDAExecutionProvider", root.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        var vector = root.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = CpuVector(model, 12_000);
        var error = OnnxTestRuntime.RelativeL2(vector, expected);
        OnnxTestRuntime.Report($"{root.GetProperty("selected").GetString()}: {root.GetProperty("reason").GetString()}; relative L2 to the CPU build {error:E2}");
        if (root.GetProperty("selected").GetString() == "Cuda")
        {
            Assert.True(error < 1e-3, $"CUDA vector vs CPU: relative L2 {error:E2}");
            return; // a GPU machine: nothing falls back
        }

        Assert.True(error < 1e-5, $"CUDA build on CPU vs CPU build: relative L2 {error:E2}");
        var reason = root.GetProperty("reason").GetString()!;
        Assert.StartsWith("CUDA unavailable: Failed to load library", reason, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so", reason, StringComparison.Ordinal);

        var (cudaCode, cudaOutput) = await RunAsync("dotnet", [Path.Combine(bin, "EmotionGrid.Onnx.FlavorProbe.dll"), model, "cuda", "12000"], TimeSpan.FromMinutes(2));
        Assert.Equal(3, cudaCode);
        Assert.Contains("CUDA device 0 cannot be used: Failed to load library", cudaOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CPU_build_keeps_only_this_platform_s_natives()
    {
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        var natives = Directory.GetFiles(runtimes, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(runtimes, f).Replace('\\', '/'))
            .Where(f => f.Contains("/native/", StringComparison.Ordinal))
            .ToArray();

        Assert.Contains("linux-x64/native/libonnxruntime.so", natives);
        Assert.All(natives, n => Assert.StartsWith("linux-x64/", n, StringComparison.Ordinal));
    }

    private static float[] CpuVector(string model, int samples)
    {
        var random = new Random(17); // the probe's clip
        var clip = Enumerable.Range(0, samples).Select(_ => (2f * random.NextSingle()) - 1f).ToArray();
        OnnxTestRuntime.EnsureEnvironment();
        using var embedder = new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = model }, OnnxTestRuntime.Cpu, OrtLog.Logger);
        return embedder.Embed(clip);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
