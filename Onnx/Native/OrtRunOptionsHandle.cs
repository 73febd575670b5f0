using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>Owns per-Run options; used to stop a Run when its CancellationToken fires.</summary>
internal sealed unsafe class OrtRunOptionsHandle(OrtApi api, SafeHandle? parent = null) : OrtHandle(api, parent)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseRunOptions(pointer);
}
