using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>Owns an inference session; holds its environment alive.</summary>
internal sealed unsafe class OrtSessionHandle(OrtApi api, SafeHandle? parent = null) : OrtHandle(api, parent)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseSession(pointer);
}
