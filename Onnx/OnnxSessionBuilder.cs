using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Onnx;

/// <summary>
/// ORT <see cref="SessionOptions"/> from our settings, and the provider choice: <c>cpu</c>; <c>cuda</c> or fail with
/// ORT's reason; <c>auto</c> tries CUDA and falls back to CPU. A CUDA failure to set up the provider (library,
/// driver, device) is true for every model, so it is logged once per device and later sessions skip the attempt.
/// </summary>
internal static partial class OnnxSessionBuilder
{
    private static readonly ConcurrentDictionary<int, string> CudaFailures = new();

    public static (InferenceSession Session, OnnxExecutionProvider Provider, string Reason) Build(
        Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options, ILogger? logger)
    {
        _ = OnnxEnvironment.Get(); // the environment (and ORT's logger) before any other ORT object
        var device = options.CudaDeviceId;
        switch (options.ExecutionProvider)
        {
            case OnnxExecutionProvider.Cpu:
                return (Open(open, options, cuda: null), OnnxExecutionProvider.Cpu, "CPU requested");

            case OnnxExecutionProvider.Cuda:
                OrtCUDAProviderOptions cudaOptions;
                try
                {
                    cudaOptions = CudaOptions(options);
                }
                catch (OnnxRuntimeException e)
                {
                    throw new OnnxExecutionProviderException($"CUDA device {device} cannot be used: {Essential(e.Message)} ({OnnxBuild.CudaHint})", e);
                }

                using (cudaOptions)
                {
                    try
                    {
                        return (Open(open, options, cudaOptions), OnnxExecutionProvider.Cuda, $"CUDA requested (device {device})");
                    }
                    catch (CudaAppendException e)
                    {
                        throw new OnnxExecutionProviderException($"CUDA device {device} cannot be used: {Essential(e.InnerException!.Message)} ({OnnxBuild.CudaHint})", e.InnerException!);
                    }
                }

            default:
                return BuildAuto(open, options, logger ?? NullLogger.Instance);
        }
    }

    private static (InferenceSession, OnnxExecutionProvider, string) BuildAuto(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options, ILogger logger)
    {
        var device = options.CudaDeviceId;
        if (CudaFailures.TryGetValue(device, out var known))
        {
            return (Open(open, options, cuda: null), OnnxExecutionProvider.Cpu, $"CUDA unavailable: {known}; using CPU");
        }

        OrtCUDAProviderOptions cudaOptions;
        try
        {
            cudaOptions = CudaOptions(options);
        }
        catch (OnnxRuntimeException e)
        {
            return FallBack(open, options, logger, e);
        }

        using (cudaOptions)
        {
            try
            {
                return (Open(open, options, cudaOptions), OnnxExecutionProvider.Cuda, $"CUDA device {device}");
            }
            catch (CudaAppendException e)
            {
                return FallBack(open, options, logger, e.InnerException!);
            }
            catch (OnnxRuntimeException cudaError)
            {
                // CUDA was accepted but the session failed: maybe this model on this GPU (memory, an unsupported op),
                // maybe the model itself. CPU decides; its error wins if it fails too.
                var session = Open(open, options, cuda: null);
                return (session, OnnxExecutionProvider.Cpu, $"CUDA session failed: {Essential(cudaError.Message)}; using CPU");
            }
        }
    }

    /// <summary>The provider itself could not be set up: remember it, say it once, run on CPU.</summary>
    private static (InferenceSession, OnnxExecutionProvider, string) FallBack(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options, ILogger logger, Exception error)
    {
        var reason = $"{Essential(error.Message)} ({OnnxBuild.CudaHint})";
        if (CudaFailures.TryAdd(options.CudaDeviceId, reason))
        {
            LogCudaUnavailable(logger, options.CudaDeviceId, reason);
        }

        return (Open(open, options, cuda: null), OnnxExecutionProvider.Cpu, $"CUDA unavailable: {CudaFailures[options.CudaDeviceId]}; using CPU");
    }

    /// <summary>Throws ORT's "CUDA execution provider is not enabled in this build" on the CPU package.</summary>
    private static OrtCUDAProviderOptions CudaOptions(OnnxSessionOptions options)
    {
        var cuda = new OrtCUDAProviderOptions();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["device_id"] = options.CudaDeviceId.ToString(CultureInfo.InvariantCulture),
                ["cudnn_conv_algo_search"] = options.CudnnConvAlgoSearch.ToString().ToUpperInvariant(), // HEURISTIC, EXHAUSTIVE, DEFAULT
            };
            if (options.CudaMemoryLimitBytes > 0)
            {
                settings["gpu_mem_limit"] = options.CudaMemoryLimitBytes.ToString(CultureInfo.InvariantCulture);
            }

            cuda.UpdateOptions(settings);
            return cuda;
        }
        catch
        {
            cuda.Dispose();
            throw;
        }
    }

    private static InferenceSession Open(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options, OrtCUDAProviderOptions? cuda)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimizationLevel switch
            {
                OnnxGraphOptimizationLevel.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                OnnxGraphOptimizationLevel.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OnnxGraphOptimizationLevel.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        if (options.InterOpThreads > 0)
        {
            sessionOptions.InterOpNumThreads = options.InterOpThreads;
            if (options.InterOpThreads > 1)
            {
                sessionOptions.ExecutionMode = ExecutionMode.ORT_PARALLEL; // sequential mode ignores inter-op threads
            }
        }

        if (options.LogSeverity is { } severity)
        {
            sessionOptions.LogSeverityLevel = (OrtLoggingLevel)(int)severity;
        }

        if (!options.AllowSpinning)
        {
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }

        if (cuda is not null)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(cuda);
            }
            catch (OnnxRuntimeException e)
            {
                throw new CudaAppendException(e);
            }
        }

        return open(sessionOptions);
    }

    /// <summary>
    /// ORT's messages carry their source location and code
    /// (<c>/onnxruntime_src/…/provider_bridge_ort.cc:2043 … [ONNXRuntimeError] : 1 : FAIL : Failed to load …</c>);
    /// a one-line reason keeps what a reader needs (<c>Failed to load …</c>).
    /// </summary>
    internal static string Essential(string message)
    {
        const string marker = "[ONNXRuntimeError] : ";
        var at = message.LastIndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            // "1 : FAIL : text"
            var rest = message[(at + marker.Length)..];
            var parts = rest.Split(" : ", 3);
            return (parts.Length == 3 ? parts[2] : rest).Trim();
        }

        return message.StartsWith("[ErrorCode:", StringComparison.Ordinal) && message.IndexOf("] ", StringComparison.Ordinal) is var end and > 0
            ? message[(end + 2)..].Trim()
            : message.Trim();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA device {CudaDeviceId} unavailable, sessions with execution provider 'auto' use CPU: {Reason}")]
    private static partial void LogCudaUnavailable(ILogger logger, int cudaDeviceId, string reason);

    /// <summary>Marks a failure to set up the CUDA provider, as opposed to a failure of the session on it.</summary>
    private sealed class CudaAppendException(OnnxRuntimeException inner) : Exception(inner.Message, inner);
}
