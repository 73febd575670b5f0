using System.Text.RegularExpressions;

namespace EmotionGrid.Onnx;

/// <summary>Shortens ORT's messages for one-line reasons; exceptions keep the full text.</summary>
internal static partial class OrtMessageText
{
    /// <summary>
    /// ORT prefixes many messages with its source location and code
    /// (<c>/onnxruntime_src/…/provider_bridge_ort.cc:1760 void …::Ensure() [ONNXRuntimeError] : 1 : FAIL : Failed to load …</c>);
    /// this keeps the part a reader needs (<c>Failed to load …</c>).
    /// </summary>
    public static string Essential(string message)
    {
        var match = LocationPrefix().Match(message);
        return match.Success ? message[(match.Index + match.Length)..].Trim() : message.Trim();
    }

    [GeneratedRegex(@"\[ONNXRuntimeError\] : \d+ : [A-Z_]+ : ", RegexOptions.CultureInvariant)]
    private static partial Regex LocationPrefix();
}
