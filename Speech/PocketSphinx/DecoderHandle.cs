using System.Runtime.InteropServices;

namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>
/// One <c>ps_decoder_t</c> with the configuration it was made from and the argument strings behind it:
/// <c>cmd_ln_parse_r</c> may keep pointers into its argv for as long as the configuration lives, so the strings
/// are freed only after the decoder and its configuration are.
/// </summary>
internal sealed class DecoderHandle : SafeHandle
{
    private readonly IntPtr _config;
    private readonly ArgumentVector _arguments;

    public DecoderHandle(IntPtr decoder, IntPtr config, ArgumentVector arguments)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(decoder);
        _config = config;
        _arguments = arguments;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.ps_free(handle);
        PocketSphinxNative.cmd_ln_free_r(_config);
        _arguments.Dispose();
        return true;
    }
}

/// <summary>A C <c>argv</c> (UTF-8 strings and the pointer array) in unmanaged memory.</summary>
internal sealed class ArgumentVector : IDisposable
{
    private readonly IntPtr[] _strings;
    private IntPtr _array;

    public ArgumentVector(IReadOnlyList<string> arguments)
    {
        _strings = arguments.Select(a => Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        _array = Marshal.AllocHGlobal(IntPtr.Size * (_strings.Length + 1));
        for (var i = 0; i < _strings.Length; i++)
        {
            Marshal.WriteIntPtr(_array, i * IntPtr.Size, _strings[i]);
        }

        Marshal.WriteIntPtr(_array, _strings.Length * IntPtr.Size, IntPtr.Zero);
    }

    public int Count => _strings.Length;

    public IntPtr Pointer => _array;

    public void Dispose()
    {
        if (_array == IntPtr.Zero)
        {
            return;
        }

        foreach (var s in _strings)
        {
            Marshal.FreeCoTaskMem(s);
        }

        Marshal.FreeHGlobal(_array);
        _array = IntPtr.Zero;
    }
}
