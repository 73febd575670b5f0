using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EmotionGrid.Onnx;

/// <summary>
/// ORT's one environment per process, created on first use with ORT's own log lines sent to an
/// <see cref="ILogger"/> instead of coloured stderr. The first <see cref="Configure"/> decides the logger; the
/// threshold is fixed when the environment is created (by that call, or by the first session, at Warning),
/// because ORT cannot change it afterwards.
/// </summary>
public static partial class OnnxEnvironment
{
    private static readonly Lock Gate = new();
    private static OrtEnv? s_env;
    private static bool s_configured;
    private static volatile ILogger s_logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    // Held for the life of the process: native ORT threads call it.
    private static readonly DOrtLoggingFunction Callback = Forward;

    /// <summary>Sends ORT's lines at <paramref name="severity"/> and above to <paramref name="logger"/>; false when another logger was configured first.</summary>
    public static bool Configure(ILogger logger, OnnxLogSeverity severity = OnnxLogSeverity.Warning)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!Enum.IsDefined(severity))
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown ONNX Runtime log severity");
        }

        lock (Gate)
        {
            if (s_configured)
            {
                return false;
            }

            s_configured = true;
            s_logger = logger;
            s_env ??= Create(severity);
            return true;
        }
    }

    internal static OrtEnv Get()
    {
        lock (Gate)
        {
            return s_env ??= Create(OnnxLogSeverity.Warning);
        }
    }

    private static OrtEnv Create(OnnxLogSeverity severity)
    {
        var options = new EnvironmentCreationOptions
        {
            logId = "EmotionGrid",
            logLevel = (OrtLoggingLevel)(int)severity,
            loggingFunction = Callback,
        };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }

    private static void Forward(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        var level = severity switch
        {
            OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Debug, // ORT's INFO is per-node chatter
            OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
            OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
            _ => LogLevel.Critical,
        };
        LogOrt(s_logger, level, category, message, codeLocation);
    }

    [LoggerMessage(Message = "ONNX Runtime [{OrtCategory}] {OrtMessage} ({OrtCodeLocation})")]
    private static partial void LogOrt(ILogger logger, LogLevel level, string ortCategory, string ortMessage, string ortCodeLocation);
}
