namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// Provider choice on this machine, which has no GPU: cpu works; auto falls back with ORT's reason (the CPU package:
/// "not enabled in this build"; the CUDA package: its provider library cannot load CUDA 13) and logs it once; cuda
/// fails with it. On a machine where CUDA does load, the fallback assertions do not apply and are skipped.
/// </summary>
public sealed class ExecutionProviderTests
{
    [Fact]
    public void Cpu_runs_on_CPU()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false, OnnxExecutionProvider.Cpu);

        Assert.Equal(OnnxExecutionProvider.Cpu, session.SelectedProvider);
        Assert.Equal("CPU requested", session.ProviderReason);
    }

    [Fact]
    public void Auto_falls_back_to_CPU_and_says_why()
    {
        using var session = OnnxTestRuntime.TinySession(withAttentionMask: false, OnnxExecutionProvider.Auto);
        if (session.SelectedProvider == OnnxExecutionProvider.Cuda)
        {
            Assert.Skip("CUDA loads on this machine: nothing to fall back from");
        }

        Assert.Equal(OnnxExecutionProvider.Cpu, session.SelectedProvider);
        Assert.StartsWith("CUDA unavailable: ", session.ProviderReason, StringComparison.Ordinal);
        Assert.EndsWith("; using CPU", session.ProviderReason, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxruntime_src", session.ProviderReason, StringComparison.Ordinal); // the reason, not ORT's source location
        if (!OnnxBuild.IsCuda)
        {
            Assert.Contains("CUDA execution provider is not enabled in this build", session.ProviderReason, StringComparison.Ordinal);
            Assert.Contains("-p:OnnxRuntimeFlavor=Cuda", session.ProviderReason, StringComparison.Ordinal);
        }

        OnnxTestRuntime.Report(session.ProviderReason);

        // The fallback session works.
        var output = OnnxTestRuntime.Run(session, new float[1600], 1);
        Assert.Equal(4, output.Shape[1]);
    }

    [Fact]
    public void Auto_records_the_CUDA_failure_once_and_reuses_it()
    {
        using var first = OnnxTestRuntime.TinySession(withAttentionMask: false, OnnxExecutionProvider.Auto);
        using var second = OnnxTestRuntime.TinySession(withAttentionMask: false, OnnxExecutionProvider.Auto);
        if (first.SelectedProvider == OnnxExecutionProvider.Cuda)
        {
            Assert.Skip("CUDA loads on this machine: nothing to fall back from");
        }

        Assert.Equal(first.ProviderReason, second.ProviderReason);
        Assert.Single(OrtLog.Logger.Lines, l => l.Message.StartsWith("CUDA device 0 unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void Cuda_fails_with_ORT_s_reason()
    {
        OnnxTestRuntime.EnsureEnvironment();
        try
        {
            using var session = OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { ExecutionProvider = OnnxExecutionProvider.Cuda });
            Assert.Skip("CUDA loads on this machine");
        }
        catch (OnnxExecutionProviderException error)
        {
            Assert.StartsWith("CUDA device 0 cannot be used: ", error.Message, StringComparison.Ordinal);
            Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);
            Assert.Contains(OnnxBuild.IsCuda ? "Failed to load" : "not enabled in this build", error.Message, StringComparison.Ordinal);
            OnnxTestRuntime.Report(error.Message);
        }
    }

    [Fact]
    public void CUDA_settings_reach_ORT_only_when_CUDA_is_tried()
    {
        // A memory cap and a cuDNN search mode are accepted on CPU (they only matter to the CUDA provider).
        OnnxTestRuntime.EnsureEnvironment();
        using var session = OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions
        {
            ExecutionProvider = OnnxExecutionProvider.Auto,
            CudaDeviceId = 0,
            CudaMemoryLimitBytes = 512L << 20,
            CudnnConvAlgoSearch = CudnnConvAlgoSearch.Exhaustive,
            IntraOpThreads = 1,
        });

        Assert.Equal(4, OnnxTestRuntime.Run(session, new float[1600], 1).Shape[1]);
    }

    [Fact]
    public void Thread_and_optimisation_settings_are_accepted()
    {
        OnnxTestRuntime.EnsureEnvironment();
        using var session = OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions
        {
            ExecutionProvider = OnnxExecutionProvider.Cpu,
            IntraOpThreads = 2,
            InterOpThreads = 2,
            GraphOptimizationLevel = OnnxGraphOptimizationLevel.Disabled,
            LogSeverity = OnnxLogSeverity.Error,
            AllowSpinning = false,
        });

        var output = OnnxTestRuntime.Run(session, OnnxTestRuntime.RandomSamples(3200, 1), 1);
        Assert.Equal([1L, 9, 32], output.Shape);
    }

    [Fact]
    public void Invalid_settings_are_rejected_before_ORT_sees_them()
    {
        Assert.Throws<ArgumentException>(() => OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { IntraOpThreads = -1 }));
        Assert.Throws<ArgumentException>(() => OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { ExecutionProvider = (OnnxExecutionProvider)7 }));
        Assert.Throws<ArgumentException>(() => OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { CudaMemoryLimitBytes = -1 }));
        Assert.Throws<ArgumentException>(() => OnnxSessionOptions.ParseExecutionProvider("gpu"));
        Assert.Equal(OnnxExecutionProvider.Cuda, OnnxSessionOptions.ParseExecutionProvider(" CUDA "));
    }

    [Fact]
    public void ORT_logs_go_to_the_logger_not_stderr()
    {
        OnnxTestRuntime.EnsureEnvironment();
        var before = OrtLog.Logger.Lines.Count(l => l.Message.StartsWith("ONNX Runtime [", StringComparison.Ordinal));

        // Verbose session logging makes ORT talk while it builds the session.
        using var session = OnnxSession.Load(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions
        {
            ExecutionProvider = OnnxExecutionProvider.Cpu,
            IntraOpThreads = 1,
            LogSeverity = OnnxLogSeverity.Verbose,
        });

        Assert.True(OrtLog.Logger.Lines.Count(l => l.Message.StartsWith("ONNX Runtime [", StringComparison.Ordinal)) > before);
    }

    [Fact]
    public void The_build_says_which_package_it_carries()
    {
        Assert.Equal(OnnxBuild.IsCuda ? "Microsoft.ML.OnnxRuntime.Gpu.Linux" : "Microsoft.ML.OnnxRuntime", OnnxBuild.Package);
        Assert.StartsWith("1.31.", OnnxBuild.Version, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", OnnxBuild.AvailableProviders);
        Assert.Equal(OnnxBuild.IsCuda, OnnxBuild.AvailableProviders.Contains("CUDAExecutionProvider"));
    }
}
