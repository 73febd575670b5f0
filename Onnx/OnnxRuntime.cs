using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using EmotionGrid.Onnx.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmotionGrid.Onnx;

/// <summary>
/// ONNX Runtime loaded from one library file: the API table, the process-wide environment and what the
/// build offers. One instance per library path for the life of the process: the library is never
/// unloaded (ORT's threads and statics outlive any point we could safely unload at) and ORT allows a
/// single environment per process anyway.
/// </summary>
public sealed unsafe partial class OnnxRuntime
{
    private static readonly Dictionary<string, OnnxRuntime> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadLock = new();

    private readonly ConcurrentDictionary<int, string> _cudaFailures = new();

    private OnnxRuntime(string libraryPath, OrtApi api, string version, ILogger logger, OnnxLogSeverity logSeverity)
    {
        LibraryPath = libraryPath;
        Api = api;
        Version = version;
        Logger = logger;
        LogSeverity = logSeverity;
        BuildInfo = api.GetBuildInfoString is null ? null : Marshal.PtrToStringUTF8((IntPtr)api.GetBuildInfoString());
        AvailableProviders = ReadAvailableProviders(api);

        // The logger must outlive the env, which lives as long as the process: the handle is never freed.
        var loggerHandle = GCHandle.Alloc(logger);
        Env = new OrtEnvHandle(api);
        IntPtr env;
        fixed (byte* logId = "EmotionGrid\0"u8)
        {
            api.Check(api.CreateEnvWithCustomLogger((IntPtr)OrtLogBridge.Callback, GCHandle.ToIntPtr(loggerHandle), (int)logSeverity, logId, &env), "CreateEnv");
        }

        Env.Attach(env);

        // Arena + default memory type: the usual description of plain CPU memory for tensors over our buffers.
        CpuMemory = new OrtMemoryInfoHandle(api);
        IntPtr memoryInfo;
        api.Check(api.CreateCpuMemoryInfo(1, 0, &memoryInfo), "CreateCpuMemoryInfo");
        CpuMemory.Attach(memoryInfo);
    }

    /// <summary>Full path of the loaded <c>libonnxruntime.so.1</c>.</summary>
    public string LibraryPath { get; }

    /// <summary>ORT's version string, e.g. <c>1.23.2</c>.</summary>
    public string Version { get; }

    /// <summary>The C API version granted (23 for ORT 1.23; lower for older libraries, down to 14).</summary>
    public int ApiVersion => (int)Api.Version;

    /// <summary>ORT's build description (git commit, build type), when the library reports one.</summary>
    public string? BuildInfo { get; }

    /// <summary>
    /// Execution providers compiled into this build, e.g. <c>CUDAExecutionProvider</c>, <c>CPUExecutionProvider</c>.
    /// Listed is not loadable: CUDA needs ORT's provider libraries, CUDA and cuDNN beside it.
    /// </summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    public OnnxLogSeverity LogSeverity { get; }

    internal OrtApi Api { get; }

    internal OrtEnvHandle Env { get; }

    internal OrtMemoryInfoHandle CpuMemory { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Loads the library named by <paramref name="options"/> (or returns the instance already loaded from
    /// that path) and creates ORT's environment; ORT's log lines go to <paramref name="logger"/>.
    /// </summary>
    /// <exception cref="OnnxRuntimeUnavailableException">The library is missing, not loadable or too old.</exception>
    public static OnnxRuntime Load(OnnxRuntimeOptions? options = null, ILogger? logger = null)
    {
        options ??= new OnnxRuntimeOptions();
        if (!Enum.IsDefined(options.LogSeverity))
        {
            throw new ArgumentException($"unknown ONNX Runtime log severity {options.LogSeverity}", nameof(options));
        }

        var path = options.ResolvedLibraryPath;
        lock (LoadLock)
        {
            if (Loaded.TryGetValue(path, out var existing))
            {
                return existing;
            }

            var runtime = LoadUncached(path, options.LogSeverity, logger ?? NullLogger.Instance);
            Loaded[path] = runtime;
            return runtime;
        }
    }

    /// <summary>Creates a session from an <c>.onnx</c> file.</summary>
    /// <exception cref="OnnxRuntimeException">ORT could not load the model (missing file, invalid model, provider failure).</exception>
    public OnnxSession CreateSession(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return OnnxSession.Create(this, OnnxModelSource.FromPath(modelPath), options ?? new OnnxSessionOptions());
    }

    /// <summary>Creates a session from the bytes of an <c>.onnx</c> model (ORT copies what it needs).</summary>
    public OnnxSession CreateSession(byte[] model, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxSession.Create(this, OnnxModelSource.FromBytes(model), options ?? new OnnxSessionOptions());
    }

    /// <summary>Why CUDA could not be used on <paramref name="deviceId"/>, if an earlier <c>auto</c> session found out.</summary>
    internal string? KnownCudaFailure(int deviceId) => _cudaFailures.TryGetValue(deviceId, out var reason) ? reason : null;

    /// <summary>Remembers a CUDA failure so later <c>auto</c> sessions skip the attempt; logs it once.</summary>
    internal void RecordCudaFailure(int deviceId, string reason)
    {
        if (_cudaFailures.TryAdd(deviceId, reason))
        {
            LogCudaUnavailable(Logger, deviceId, reason);
        }
    }

    private static OnnxRuntime LoadUncached(string path, OnnxLogSeverity logSeverity, ILogger logger)
    {
        if (!File.Exists(path))
        {
            throw new OnnxRuntimeUnavailableException(
                $"{OnnxRuntimeOptions.LibraryFileName} not found at {path}; build the project (it fetches ORT 1.23.2 from npm onnxruntime-node) or set {OnnxRuntimeOptions.ConfigurationSection}:LibraryPath");
        }

        IntPtr library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime at {path} could not be loaded: {e.Message}", e);
        }

        // Deliberately never NativeLibrary.Free: see the class comment.
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBaseExport))
        {
            throw new OnnxRuntimeUnavailableException($"{path} is not ONNX Runtime: it has no OrtGetApiBase export");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged[Cdecl]<IntPtr*>)getApiBaseExport)();
        var getApi = (delegate* unmanaged[Cdecl]<uint, IntPtr*>)apiBase[0];
        var getVersionString = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((IntPtr)getVersionString()) ?? "unknown";
        for (var apiVersion = OrtApi.NewestApiVersion; apiVersion >= OrtApi.OldestApiVersion; apiVersion--)
        {
            // ORT prints a line to stderr when asked for a version it lacks; only older libraries see it.
            var table = getApi(apiVersion);
            if (table is not null)
            {
                var api = new OrtApi(table, apiVersion);
                var runtime = new OnnxRuntime(path, api, version, logger, logSeverity);
                LogLoaded(logger, version, (int)apiVersion, path, string.Join(", ", runtime.AvailableProviders));
                return runtime;
            }
        }

        throw new OnnxRuntimeUnavailableException(
            $"ONNX Runtime {version} at {path} offers none of C API versions {OrtApi.OldestApiVersion}..{OrtApi.NewestApiVersion}; use ORT 1.14 or newer (1.23.2 is what the build fetches)");
    }

    private static string[] ReadAvailableProviders(OrtApi api)
    {
        byte** names;
        int count;
        api.Check(api.GetAvailableProviders(&names, &count), "GetAvailableProviders");
        try
        {
            var providers = new string[count];
            for (var i = 0; i < count; i++)
            {
                providers[i] = Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? "";
            }

            return providers;
        }
        finally
        {
            api.Check(api.ReleaseAvailableProviders(names, count), "ReleaseAvailableProviders");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime {OrtVersion} (C API {OrtApiVersion}) loaded from {OrtLibraryPath}; providers: {OrtProviders}")]
    private static partial void LogLoaded(ILogger logger, string ortVersion, int ortApiVersion, string ortLibraryPath, string ortProviders);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA device {CudaDeviceId} unavailable, sessions with execution provider 'auto' use CPU: {Reason}")]
    private static partial void LogCudaUnavailable(ILogger logger, int cudaDeviceId, string reason);
}
