using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>Owns a native OrtSessionOptions, alive only while a session is created.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(OrtApi api, SafeHandle? parent = null) : OrtHandle(api, parent)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseSessionOptions(pointer);
}
