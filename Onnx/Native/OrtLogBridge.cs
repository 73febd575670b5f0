using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Onnx.Native;

/// <summary>
/// Routes ORT's own log lines into an <see cref="ILogger"/> (the env is created with this callback),
/// so ORT never writes coloured lines to stderr and its warnings land in the silo's structured log.
/// </summary>
internal static unsafe class OrtLogBridge
{
    public static delegate* unmanaged[Cdecl]<IntPtr, int, byte*, byte*, byte*, byte*, void> Callback => &Log;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Log(IntPtr param, int severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        // Called on ORT's threads: an exception escaping here would take the process down.
        try
        {
            if (GCHandle.FromIntPtr(param).Target is not ILogger logger)
            {
                return;
            }

            var level = severity switch
            {
                0 => LogLevel.Trace,
                1 => LogLevel.Information,
                2 => LogLevel.Warning,
                3 => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (!logger.IsEnabled(level))
            {
                return;
            }

#pragma warning disable CA1848, CA2254 // a native callback at ORT's chosen severity; LoggerMessage buys nothing here
            logger.Log(
                level,
                "ONNX Runtime [{OrtCategory}] {OrtMessage} ({OrtCodeLocation})",
                Marshal.PtrToStringUTF8((IntPtr)category),
                Marshal.PtrToStringUTF8((IntPtr)message),
                Marshal.PtrToStringUTF8((IntPtr)codeLocation));
#pragma warning restore CA1848, CA2254
        }
#pragma warning disable CA1031 // see above: nothing may escape into native code
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
