using System.Runtime.InteropServices;

namespace EmotionGrid.Onnx.Native;

/// <summary>
/// An ORT object we own, released exactly once by its Release* function: on Dispose, or by the
/// finalizer if a caller forgot. A child (a session) may hold its parent (the env) alive through
/// SafeHandle reference counting, so release order is right even when the finalizer runs them.
/// </summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    private readonly SafeHandle? _parent;
    private bool _parentAdded;

    protected OrtHandle(OrtApi api, SafeHandle? parent = null)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Api = api;
        _parent = parent;
        if (parent is not null)
        {
            // Keeps the parent's native object alive until this one is released.
            parent.DangerousAddRef(ref _parentAdded);
        }
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public OrtApi Api { get; }

    /// <summary>Takes ownership of a pointer an ORT Create* call just returned.</summary>
    public void Attach(IntPtr pointer) => SetHandle(pointer);

    protected sealed override bool ReleaseHandle()
    {
        Release(handle);
        if (_parentAdded)
        {
            _parent!.DangerousRelease();
        }

        return true;
    }

    protected abstract void Release(IntPtr pointer);
}
