using System.Buffers.Binary;

namespace EmotionGrid.Audio.Tests.Streaming;

/// <summary>
/// A forward-only stream that synthesises a 16-bit PCM WAV on the fly: header, then
/// <c>frames</c> frames of a tone (a different one per channel), without ever holding the file.
/// With <c>declareSize: false</c> the data chunk says 0xFFFFFFFF (unknown) and
/// <c>frames</c> may be <see cref="long.MaxValue"/>: an endless stream.
/// </summary>
internal sealed class SyntheticWavStream : Stream
{
    private const int HeaderLength = 44;

    /// <summary>One period of each channel's tone, so every frame is a table lookup.</summary>
    private readonly short[][] _periods;
    private readonly byte[] _header = new byte[HeaderLength];
    private readonly int _channels;
    private readonly long _length;
    private long _position;

    public SyntheticWavStream(int sampleRate, int channels, long frames, bool declareSize = true)
    {
        _channels = channels;
        var dataBytes = frames == long.MaxValue ? long.MaxValue - HeaderLength : frames * channels * 2;
        _length = HeaderLength + dataBytes;
        var fmt = WavWriter.FmtBody(WavWriter.Pcm, channels, sampleRate, 16);
        "RIFF"u8.CopyTo(_header);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), declareSize ? (uint)(36 + dataBytes) : uint.MaxValue);
        "WAVEfmt "u8.CopyTo(_header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(16), 16);
        fmt.CopyTo(_header, 20);
        "data"u8.CopyTo(_header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(40), declareSize ? (uint)dataBytes : uint.MaxValue);

        // Channel c: a tone of sampleRate / (60 + 40 c) Hz (800 Hz and 480 Hz at 48 kHz), at 0.3 and 0.2.
        _periods = new short[channels][];
        for (var c = 0; c < channels; c++)
        {
            var period = 60 + (40 * c);
            var amplitude = c == 0 ? 0.3 : 0.2;
            _periods[c] = Enumerable.Range(0, period)
                .Select(n => (short)Math.Round(amplitude * 32767 * Math.Sin(2 * Math.PI * n / period)))
                .ToArray();
        }
    }

    /// <summary>The mono value (channel average) of frame <paramref name="frame"/>, as the decoder gives it.</summary>
    public double Mono(long frame)
    {
        var sum = 0.0;
        for (var c = 0; c < _channels; c++)
        {
            sum += _periods[c][frame % _periods[c].Length] / 32768.0;
        }

        return sum / _channels;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, _length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[i] = ByteAt(_position + i);
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private byte ByteAt(long position)
    {
        if (position < HeaderLength)
        {
            return _header[position];
        }

        var data = position - HeaderLength;
        var frame = data / (2 * _channels);
        var within = (int)(data % (2 * _channels));
        var table = _periods[within / 2];
        var sample = table[frame % table.Length];
        return (byte)((within & 1) == 0 ? sample : sample >> 8);
    }
}
