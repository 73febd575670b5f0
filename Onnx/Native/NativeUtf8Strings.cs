using System.Runtime.InteropServices;
using System.Text;

namespace EmotionGrid.Onnx.Native;

/// <summary>
/// NUL-terminated UTF-8 copies of strings in one native block, with the <c>const char* const*</c> array
/// ORT takes for names and keys. Freed on Dispose.
/// </summary>
internal sealed unsafe class NativeUtf8Strings : IDisposable
{
    private void* _block;

    public NativeUtf8Strings(IReadOnlyList<string> strings)
    {
        Count = strings.Count;
        var pointerBytes = Count * sizeof(byte*);
        var total = pointerBytes;
        for (var i = 0; i < Count; i++)
        {
            ArgumentNullException.ThrowIfNull(strings[i]);
            total += Encoding.UTF8.GetByteCount(strings[i]) + 1;
        }

        _block = NativeMemory.Alloc((nuint)Math.Max(total, 1));
        var pointers = (byte**)_block;
        var cursor = (byte*)_block + pointerBytes;
        for (var i = 0; i < Count; i++)
        {
            var written = Encoding.UTF8.GetBytes(strings[i], new Span<byte>(cursor, total - (int)(cursor - (byte*)_block)));
            cursor[written] = 0;
            pointers[i] = cursor;
            cursor += written + 1;
        }
    }

    public int Count { get; }

    /// <summary>The array of string pointers.</summary>
    public byte** Pointers => (byte**)_block;

    public void Dispose()
    {
        if (_block is not null)
        {
            NativeMemory.Free(_block);
            _block = null;
        }
    }
}
