namespace EmotionGrid.Onnx.Tests;

/// <summary>
/// This build's library lists CUDA but has no CUDA provider libraries beside it (they come only with
/// Microsoft.ML.OnnxRuntime.Gpu), so: cpu works, auto falls back with ORT's reason, cuda fails with it.
/// On a machine where CUDA does load, the fallback assertions do not apply and are skipped.
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
        Assert.Contains("providers_shared", session.ProviderReason, StringComparison.Ordinal);
        OnnxTestRuntime.Report(session.ProviderReason);

        // The fallback session works.
        var output = session.Run([("input_values", OnnxTensor.FromFloat32(new float[1600], 1, 1600))]);
        Assert.Equal(4, output[0].Shape[1]);
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
        var runtime = OnnxTestRuntime.Require();
        try
        {
            using var session = runtime.CreateSession(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { ExecutionProvider = OnnxExecutionProvider.Cuda });
            Assert.Skip("CUDA loads on this machine");
        }
        catch (OnnxRuntimeException error)
        {
            Assert.Contains("CUDA", error.Operation, StringComparison.Ordinal);
            Assert.Contains("providers_shared", error.OrtMessage, StringComparison.Ordinal);
            Assert.Equal(OnnxErrorCode.Fail, error.ErrorCode);
            Assert.Contains(error.OrtMessage, error.Message, StringComparison.Ordinal);
            OnnxTestRuntime.Report(error.Message);
        }
    }

    [Fact]
    public void Thread_and_optimisation_settings_are_accepted()
    {
        var runtime = OnnxTestRuntime.Require();
        using var session = runtime.CreateSession(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions
        {
            ExecutionProvider = OnnxExecutionProvider.Cpu,
            IntraOpThreads = 2,
            InterOpThreads = 2,
            GraphOptimizationLevel = OnnxGraphOptimizationLevel.Disabled,
            LogSeverity = OnnxLogSeverity.Error,
            AllowSpinning = false,
        });

        var output = session.Run([("input_values", OnnxTensor.FromFloat32(OnnxTestRuntime.RandomSamples(3200, 1), 1, 3200))]);
        Assert.Equal([1L, 9, 32], output[0].Shape);
    }

    [Fact]
    public void Invalid_settings_are_rejected_before_ORT_sees_them()
    {
        var runtime = OnnxTestRuntime.Require();

        Assert.Throws<ArgumentException>(() => runtime.CreateSession(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { IntraOpThreads = -1 }));
        Assert.Throws<ArgumentException>(() => runtime.CreateSession(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions { ExecutionProvider = (OnnxExecutionProvider)7 }));
    }

    [Fact]
    public void ORT_logs_go_to_the_logger_not_stderr()
    {
        var runtime = OnnxTestRuntime.Require();
        var before = OrtLog.Logger.Lines.Count(l => l.Message.StartsWith("ONNX Runtime [", StringComparison.Ordinal));

        // Verbose session logging makes ORT talk while it builds the session.
        using var session = runtime.CreateSession(OnnxTestRuntime.TinyBytes(false), new OnnxSessionOptions
        {
            ExecutionProvider = OnnxExecutionProvider.Cpu,
            IntraOpThreads = 1,
            LogSeverity = OnnxLogSeverity.Verbose,
        });

        Assert.True(OrtLog.Logger.Lines.Count(l => l.Message.StartsWith("ONNX Runtime [", StringComparison.Ordinal)) > before);
    }
}
