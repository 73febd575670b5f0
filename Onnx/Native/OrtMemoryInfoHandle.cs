using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>Owns describes CPU memory for tensors created over managed buffers.</summary>
internal sealed unsafe class OrtMemoryInfoHandle(OrtApi api, SafeHandle? parent = null) : OrtHandle(api, parent)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseMemoryInfo(pointer);
}
