using System.Globalization;
using EmotionGrid.Onnx.Native;

namespace EmotionGrid.Onnx;

/// <summary>
/// Creates the native session for <see cref="OnnxSession"/>: session options from the managed settings,
/// then the execution provider logic (<c>auto</c> tries CUDA and falls back to CPU with ORT's reason).
/// </summary>
internal static unsafe class OnnxSessionBuilder
{
    private const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>The native session, the provider it runs on and why.</summary>
    public static (OrtSessionHandle Session, OnnxExecutionProvider Provider, string Reason) Build(
        OnnxRuntime runtime, OnnxModelSource model, OnnxSessionOptions options)
    {
        var device = options.CudaDeviceId;
        switch (options.ExecutionProvider)
        {
            case OnnxExecutionProvider.Cpu:
                return (CreateSession(runtime, model, options, useCuda: false), OnnxExecutionProvider.Cpu, "CPU requested");

            case OnnxExecutionProvider.Cuda:
                if (!runtime.AvailableProviders.Contains(CudaProvider))
                {
                    throw new OnnxRuntimeException($"SessionOptionsAppendExecutionProvider_CUDA_V2(device {device})", OnnxErrorCode.Fail, NoCudaInBuild(runtime));
                }

                return (CreateSession(runtime, model, options, useCuda: true), OnnxExecutionProvider.Cuda, $"CUDA requested (device {device})");

            default:
                return BuildAuto(runtime, model, options);
        }
    }

    private static (OrtSessionHandle, OnnxExecutionProvider, string) BuildAuto(OnnxRuntime runtime, OnnxModelSource model, OnnxSessionOptions options)
    {
        var device = options.CudaDeviceId;
        var known = runtime.KnownCudaFailure(device);
        if (known is null && !runtime.AvailableProviders.Contains(CudaProvider))
        {
            runtime.RecordCudaFailure(device, NoCudaInBuild(runtime));
            known = runtime.KnownCudaFailure(device);
        }

        if (known is not null)
        {
            return (CreateSession(runtime, model, options, useCuda: false), OnnxExecutionProvider.Cpu, $"CUDA unavailable: {known}; using CPU");
        }

        try
        {
            return (CreateSession(runtime, model, options, useCuda: true), OnnxExecutionProvider.Cuda, $"CUDA device {device}");
        }
        catch (CudaAppendException e)
        {
            // The provider itself could not be set up (libraries, driver, device): true for every model.
            var reason = OrtMessageText.Essential(e.Inner.OrtMessage);
            runtime.RecordCudaFailure(device, reason);
            return (CreateSession(runtime, model, options, useCuda: false), OnnxExecutionProvider.Cpu, $"CUDA unavailable: {reason}; using CPU");
        }
        catch (OnnxRuntimeException cudaError)
        {
            // CUDA was accepted but the session failed: maybe this model on this GPU (memory, an
            // unsupported op), maybe the model itself. CPU decides; its error wins if it fails too.
            var session = CreateSession(runtime, model, options, useCuda: false);
            return (session, OnnxExecutionProvider.Cpu, $"CUDA session failed: {OrtMessageText.Essential(cudaError.OrtMessage)}; using CPU");
        }
    }

    private static string NoCudaInBuild(OnnxRuntime runtime) =>
        $"this ONNX Runtime build has no {CudaProvider} (providers: {string.Join(", ", runtime.AvailableProviders)})";

    private static OrtSessionHandle CreateSession(OnnxRuntime runtime, OnnxModelSource model, OnnxSessionOptions options, bool useCuda)
    {
        var api = runtime.Api;
        using var nativeOptions = CreateNativeOptions(api, options);
        if (useCuda)
        {
            try
            {
                AppendCuda(api, nativeOptions, options.CudaDeviceId);
            }
            catch (OnnxRuntimeException e)
            {
                if (options.ExecutionProvider == OnnxExecutionProvider.Cuda)
                {
                    throw;
                }

                throw new CudaAppendException(e);
            }
        }

        var session = new OrtSessionHandle(api, runtime.Env);
        try
        {
            IntPtr pointer;
            var operation = $"CreateSession({model.Description})";
            if (model.Path is { } path)
            {
                using var utf8Path = new NativeUtf8Strings([path]);
                api.Check(api.CreateSession(runtime.Env.DangerousGetHandle(), utf8Path.Pointers[0], nativeOptions.DangerousGetHandle(), &pointer), operation);
            }
            else
            {
                fixed (byte* bytes = model.Bytes)
                {
                    api.Check(api.CreateSessionFromArray(runtime.Env.DangerousGetHandle(), bytes, (nuint)model.Bytes!.Length, nativeOptions.DangerousGetHandle(), &pointer), operation);
                }
            }

            session.Attach(pointer);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static OrtSessionOptionsHandle CreateNativeOptions(OrtApi api, OnnxSessionOptions options)
    {
        var handle = new OrtSessionOptionsHandle(api);
        try
        {
            IntPtr pointer;
            api.Check(api.CreateSessionOptions(&pointer), "CreateSessionOptions");
            handle.Attach(pointer);
            if (options.IntraOpThreads > 0)
            {
                api.Check(api.SetIntraOpNumThreads(pointer, options.IntraOpThreads), "SetIntraOpNumThreads");
            }

            if (options.InterOpThreads > 0)
            {
                api.Check(api.SetInterOpNumThreads(pointer, options.InterOpThreads), "SetInterOpNumThreads");
                if (options.InterOpThreads > 1)
                {
                    api.Check(api.SetSessionExecutionMode(pointer, 1), "SetSessionExecutionMode(parallel)");
                }
            }

            api.Check(api.SetSessionGraphOptimizationLevel(pointer, (int)options.GraphOptimizationLevel), "SetSessionGraphOptimizationLevel");
            if (options.LogSeverity is { } severity)
            {
                api.Check(api.SetSessionLogSeverityLevel(pointer, (int)severity), "SetSessionLogSeverityLevel");
            }

            if (!options.AllowSpinning)
            {
                using var entry = new NativeUtf8Strings(["session.intra_op.allow_spinning", "0", "session.inter_op.allow_spinning", "0"]);
                api.Check(api.AddSessionConfigEntry(pointer, entry.Pointers[0], entry.Pointers[1]), "AddSessionConfigEntry(session.intra_op.allow_spinning)");
                api.Check(api.AddSessionConfigEntry(pointer, entry.Pointers[2], entry.Pointers[3]), "AddSessionConfigEntry(session.inter_op.allow_spinning)");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>CreateCUDAProviderOptions → UpdateCUDAProviderOptions(device_id) → append (V2) → release.</summary>
    private static void AppendCuda(OrtApi api, OrtSessionOptionsHandle options, int deviceId)
    {
        var operation = $"SessionOptionsAppendExecutionProvider_CUDA_V2(device {deviceId})";
        IntPtr cudaOptions;
        api.Check(api.CreateCUDAProviderOptions(&cudaOptions), "CreateCUDAProviderOptions");
        try
        {
            using var keys = new NativeUtf8Strings(["device_id"]);
            using var values = new NativeUtf8Strings([deviceId.ToString(CultureInfo.InvariantCulture)]);
            api.Check(api.UpdateCUDAProviderOptions(cudaOptions, keys.Pointers, values.Pointers, 1), "UpdateCUDAProviderOptions(device_id)");
            api.Check(api.SessionOptionsAppendExecutionProvider_CUDA_V2(options.DangerousGetHandle(), cudaOptions), operation);
        }
        finally
        {
            api.ReleaseCUDAProviderOptions(cudaOptions);
        }
    }

    /// <summary>Marks a failure to set up the CUDA provider (as opposed to a failure of the session on it).</summary>
    private sealed class CudaAppendException(OnnxRuntimeException inner) : Exception(inner.Message, inner)
    {
        public OnnxRuntimeException Inner { get; } = inner;
    }
}
