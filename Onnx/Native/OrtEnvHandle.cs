using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>Owns the ORT environment (thread pools, logging); process-wide, released after every session.</summary>
internal sealed unsafe class OrtEnvHandle(OrtApi api, SafeHandle? parent = null) : OrtHandle(api, parent)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseEnv(pointer);
}
