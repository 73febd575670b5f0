using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>
/// The slice of ONNX Runtime's C API table (<c>OrtApi</c>) this binding calls, read once from the
/// table <c>OrtGetApiBase()-&gt;GetApi(version)</c> returns. Indices are 0-based positions of the members in
/// <c>onnxruntime_c_api.h</c>; members are only ever appended, so they hold for every version we accept.
/// Every pointer returns an <c>OrtStatus*</c> (NULL = success) unless its type says otherwise.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The newest API version we ask for (ORT 1.23); older libraries are tried down to <see cref="OldestApiVersion"/>.</summary>
    public const uint NewestApiVersion = 23;

    /// <summary>API 14 (ORT 1.14) has every member below except the build-info string.</summary>
    public const uint OldestApiVersion = 14;

    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> GetErrorCode;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*> GetErrorMessage;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, byte*, IntPtr*, IntPtr> CreateEnvWithCustomLogger;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr*, IntPtr> CreateSession;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> CreateSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionExecutionMode;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> SetInterOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> CreateRunOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> RunOptionsSetTerminate;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr> GetTensorMutableData;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte**, nuint, IntPtr> GetSymbolicDimensions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr> AllocatorFree;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseRunOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<byte***, int*, IntPtr> GetAvailableProviders;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;
    public readonly delegate* unmanaged[Cdecl]<byte**, int, IntPtr> ReleaseAvailableProviders;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr> CreateCUDAProviderOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte**, byte**, nuint, IntPtr> UpdateCUDAProviderOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReleaseCUDAProviderOptions;

    /// <summary>NULL below API 18, where the member may not exist yet (reading past the table would be garbage).</summary>
    public readonly delegate* unmanaged[Cdecl]<byte*> GetBuildInfoString;

    public OrtApi(IntPtr* table, uint version)
    {
        Version = version;
        GetErrorCode = (delegate* unmanaged[Cdecl]<IntPtr, int>)table[1];
        GetErrorMessage = (delegate* unmanaged[Cdecl]<IntPtr, byte*>)table[2];
        CreateEnvWithCustomLogger = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, byte*, IntPtr*, IntPtr>)table[4];
        CreateSession = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)table[7];
        CreateSessionFromArray = (delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)table[8];
        Run = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)table[9];
        CreateSessionOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[10];
        SetSessionExecutionMode = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[13];
        SetSessionLogSeverityLevel = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[22];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[23];
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[24];
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr>)table[25];
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)table[30];
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)table[31];
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr>)table[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr*, IntPtr>)table[34];
        SessionGetInputName = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[36];
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[37];
        CreateRunOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[39];
        RunOptionsSetTerminate = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)table[46];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)table[49];
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<IntPtr, void**, IntPtr>)table[51];
        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)table[55];
        GetTensorElementType = (delegate* unmanaged[Cdecl]<IntPtr, int*, IntPtr>)table[60];
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, IntPtr>)table[61];
        GetDimensions = (delegate* unmanaged[Cdecl]<IntPtr, long*, nuint, IntPtr>)table[62];
        GetSymbolicDimensions = (delegate* unmanaged[Cdecl]<IntPtr, byte**, nuint, IntPtr>)table[63];
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, IntPtr>)table[65];
        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, IntPtr*, IntPtr>)table[69];
        AllocatorFree = (delegate* unmanaged[Cdecl]<IntPtr, void*, IntPtr>)table[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[78];
        ReleaseEnv = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[92];
        ReleaseStatus = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[93];
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[94];
        ReleaseSession = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[95];
        ReleaseValue = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[96];
        ReleaseRunOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[97];
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[98];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[99];
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[100];
        GetAvailableProviders = (delegate* unmanaged[Cdecl]<byte***, int*, IntPtr>)table[125];
        ReleaseAvailableProviders = (delegate* unmanaged[Cdecl]<byte**, int, IntPtr>)table[126];
        AddSessionConfigEntry = (delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr>)table[130];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)table[204];
        CreateCUDAProviderOptions = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr>)table[205];
        UpdateCUDAProviderOptions = (delegate* unmanaged[Cdecl]<IntPtr, byte**, byte**, nuint, IntPtr>)table[206];
        ReleaseCUDAProviderOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)table[208];
        GetBuildInfoString = version >= 18 ? (delegate* unmanaged[Cdecl]<byte*>)table[254] : null;
    }

    /// <summary>The API version the library granted.</summary>
    public uint Version { get; }

    /// <summary>
    /// Turns a returned status into an exception (NULL = success). The message is copied before the
    /// status is released: it points into the status.
    /// </summary>
    public void Check(IntPtr status, string operation)
    {
        if (status != IntPtr.Zero)
        {
            throw ToException(status, operation);
        }
    }

    /// <summary>Copies code and message out of a non-null status, releases it and returns the exception.</summary>
    public OnnxRuntimeException ToException(IntPtr status, string operation)
    {
        var code = (OnnxErrorCode)GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((IntPtr)GetErrorMessage(status)) ?? "";
        ReleaseStatus(status);
        return new OnnxRuntimeException(operation, code, message);
    }
}
