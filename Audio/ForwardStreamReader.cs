using System.Buffers;

namespace EmotionGrid.Audio;

/// <summary>
/// Reads a stream strictly forward (it may be a network or pipe stream) and counts the bytes
/// consumed, so error messages can say where the file ended.
/// </summary>
internal sealed class ForwardStreamReader(Stream stream)
{
    public long BytesConsumed { get; private set; }

    /// <summary>Bytes left in the stream when it can tell (seekable), otherwise null.</summary>
    public long? BytesRemaining => stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    public int ReadUpTo(Span<byte> buffer)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        BytesConsumed += read;
        return read;
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when the stream ends first.</summary>
    public bool Skip(long count)
    {
        if (count <= 0)
        {
            return true;
        }

        if (stream.CanSeek)
        {
            var available = Math.Max(0, stream.Length - stream.Position);
            var step = Math.Min(count, available);
            stream.Seek(step, SeekOrigin.Current);
            BytesConsumed += step;
            return step == count;
        }

        var scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, 81_920));
        try
        {
            while (count > 0)
            {
                var want = (int)Math.Min(count, scratch.Length);
                var read = ReadUpTo(scratch.AsSpan(0, want));
                count -= read;
                if (read < want)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
