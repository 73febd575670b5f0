using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Onnx;

/// <summary>Which ONNX Runtime package this build carries (chosen with <c>-p:OnnxRuntimeFlavor</c>) and what it offers.</summary>
public static class OnnxBuild
{
    /// <summary><c>Cpu</c> (Microsoft.ML.OnnxRuntime) or <c>Cuda</c> (Microsoft.ML.OnnxRuntime.Gpu.Linux).</summary>
    public static string Flavor { get; } =
        typeof(OnnxBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OnnxRuntimeFlavor")?.Value ?? "Cpu";

    public static bool IsCuda => Flavor == "Cuda";

    public static string Package => IsCuda ? "Microsoft.ML.OnnxRuntime.Gpu.Linux" : "Microsoft.ML.OnnxRuntime";

    /// <summary>ORT's version string, e.g. <c>1.31.1</c>.</summary>
    public static string Version => OnnxEnvironment.Get().GetVersionString();

    /// <summary>Providers compiled into the build. Listed is not loadable: CUDA also needs CUDA 13 and cuDNN 9 on the machine.</summary>
    public static IReadOnlyList<string> AvailableProviders => OnnxEnvironment.Get().GetAvailableProviders();

    /// <summary>How to get the other build, for messages.</summary>
    internal static string CudaHint => IsCuda
        ? "the CUDA build needs CUDA 13 and cuDNN 9 libraries on the loader path"
        : "this is the CPU build (Microsoft.ML.OnnxRuntime); build with -p:OnnxRuntimeFlavor=Cuda for CUDA";

    internal static OrtEnv Env => OnnxEnvironment.Get();
}
