using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>Owns an OrtValue (tensor). Input values wrap pinned managed memory: release them before unpinning.</summary>
internal sealed unsafe class OrtValueHandle(OrtApi api, SafeHandle? parent = null) : OrtHandle(api, parent)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseValue(pointer);
}
