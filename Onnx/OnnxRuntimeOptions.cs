namespace EmotionGrid.Onnx;

/// <summary>How to find and start ONNX Runtime; bound from <see cref="ConfigurationSection"/>.</summary>
public sealed class OnnxRuntimeOptions
{
    public const string ConfigurationSection = "EmotionGrid:Onnx";

    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>Full path of <c>libonnxruntime.so.1</c>; null or empty = <see cref="DefaultLibraryPath"/>.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>
    /// ORT's log threshold for the process-wide environment. ORT's lines go to the logger given to
    /// <see cref="OnnxRuntime.Load"/>; the first load of a library decides (ORT has one env per process).
    /// </summary>
    public OnnxLogSeverity LogSeverity { get; set; } = OnnxLogSeverity.Warning;

    /// <summary>Beside this assembly, where the build copies the library it fetched.</summary>
    public static string DefaultLibraryPath
    {
        get
        {
            var location = typeof(OnnxRuntimeOptions).Assembly.Location;
            var folder = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
            return Path.Combine(folder, LibraryFileName);
        }
    }

    /// <summary>The path that will be loaded: <see cref="LibraryPath"/> made absolute, or the default.</summary>
    public string ResolvedLibraryPath =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(LibraryPath) ? DefaultLibraryPath : LibraryPath);
}
