namespace EmotionGrid.Onnx.Tests;

public sealed class RuntimeLoadingTests
{
    [Fact]
    public void The_fetched_library_is_ORT_1_23_2_with_the_CPU_provider()
    {
        var runtime = OnnxTestRuntime.Require();

        Assert.Equal("1.23.2", runtime.Version);
        Assert.Equal(23, runtime.ApiVersion);
        Assert.Contains("CPUExecutionProvider", runtime.AvailableProviders);
        Assert.False(string.IsNullOrWhiteSpace(runtime.BuildInfo));
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, OnnxRuntimeOptions.LibraryFileName), runtime.LibraryPath);
        OnnxTestRuntime.Report($"ORT {runtime.Version}, C API {runtime.ApiVersion}, providers {string.Join(", ", runtime.AvailableProviders)}; {runtime.BuildInfo}");
    }

    [Fact]
    public void Loading_the_same_path_again_returns_the_same_runtime()
    {
        var runtime = OnnxTestRuntime.Require();

        Assert.Same(runtime, OnnxRuntime.Load(new OnnxRuntimeOptions { LibraryPath = runtime.LibraryPath }));
    }

    [Fact]
    public void A_missing_library_says_how_to_get_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-ort-{Guid.NewGuid():N}", "libonnxruntime.so.1");

        var error = Assert.Throws<OnnxRuntimeUnavailableException>(() => OnnxRuntime.Load(new OnnxRuntimeOptions { LibraryPath = path }));

        Assert.Equal(
            $"libonnxruntime.so.1 not found at {path}; build the project (it fetches ORT 1.23.2 from npm onnxruntime-node) or set EmotionGrid:Onnx:LibraryPath",
            error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_unavailable_not_a_crash()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-ort-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is not an ELF file");
        try
        {
            var error = Assert.Throws<OnnxRuntimeUnavailableException>(() => OnnxRuntime.Load(new OnnxRuntimeOptions { LibraryPath = path }));

            Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_library_without_the_ORT_entry_point_is_unavailable()
    {
        var runtime = OnnxTestRuntime.Require();

        // Any real shared library that is not ORT: the .NET runtime's own native helpers.
        var other = Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "libSystem.Native.so").FirstOrDefault();
        Assert.NotNull(other);
        Assert.NotEqual(runtime.LibraryPath, other);

        var error = Assert.Throws<OnnxRuntimeUnavailableException>(() => OnnxRuntime.Load(new OnnxRuntimeOptions { LibraryPath = other }));

        Assert.Contains("no OrtGetApiBase export", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_spellings_of_the_execution_provider_parse()
    {
        Assert.Equal(OnnxExecutionProvider.Auto, OnnxSessionOptions.ParseExecutionProvider("auto"));
        Assert.Equal(OnnxExecutionProvider.Cuda, OnnxSessionOptions.ParseExecutionProvider("CUDA"));
        Assert.Equal(OnnxExecutionProvider.Cpu, OnnxSessionOptions.ParseExecutionProvider(" cpu "));
        var error = Assert.Throws<ArgumentException>(() => OnnxSessionOptions.ParseExecutionProvider("tensorrt"));
        Assert.Contains("auto, cuda, cpu", error.Message, StringComparison.Ordinal);
    }
}
