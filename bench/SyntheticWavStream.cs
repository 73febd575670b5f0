using System.Buffers.Binary;

namespace EmotionGrid.Bench;

/// <summary>
/// A long 16-bit PCM WAV synthesised on the fly (a gliding harmonic tone with syllable-rate amplitude
/// modulation), so a 10-minute file costs no disk and no memory to feed.
/// </summary>
public sealed class SyntheticWavStream(int seconds, int sampleRate, int channels) : Stream
{
    private const int HeaderBytes = 44;
    private readonly long _dataBytes = (long)seconds * sampleRate * channels * 2;
    private readonly byte[] _header = new byte[HeaderBytes];
    private readonly byte[] _sample = new byte[2];
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => HeaderBytes + _dataBytes;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            if (_position < HeaderBytes)
            {
                WriteHeader(_header);
                var n = (int)Math.Min(HeaderBytes - _position, buffer.Length - written);
                _header.AsSpan((int)_position, n).CopyTo(buffer[written..]);
                written += n;
                _position += n;
                continue;
            }

            // Whole samples only: the caller's buffer may end mid-sample, so go byte by byte then.
            var sampleIndex = (_position - HeaderBytes) / 2;
            var frame = sampleIndex / channels;
            var t = (double)frame / sampleRate;
            var f0 = 140 + (40 * Math.Sin(2 * Math.PI * 0.3 * t));
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t));
            var value = (short)(8000 * envelope * (Math.Sin(2 * Math.PI * f0 * t) + (0.5 * Math.Sin(4 * Math.PI * f0 * t))));
            var bytes = _sample.AsSpan();
            BinaryPrimitives.WriteInt16LittleEndian(bytes, value);
            var offsetInSample = (int)((_position - HeaderBytes) % 2);
            var take = Math.Min(2 - offsetInSample, buffer.Length - written);
            bytes.Slice(offsetInSample, take).CopyTo(buffer[written..]);
            written += take;
            _position += take;
        }

        return written;
    }

    private void WriteHeader(Span<byte> h)
    {
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)Math.Min(uint.MaxValue, Length - 8));
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], (uint)_dataBytes);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
