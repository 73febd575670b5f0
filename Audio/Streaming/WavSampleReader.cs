using System.Buffers;
using System.Globalization;

namespace EmotionGrid.Audio.Streaming;

/// <summary>
/// Streams the data chunk of a WAV file as mono float frames (channels averaged) at the source
/// rate, one block at a time: memory stays constant whatever the length of the file. Created by
/// <see cref="WavDecoder.Open(Stream)"/>, which has already parsed and validated the header.
/// <para>
/// <see cref="WavDecoderOptions.MaxSeconds"/> is enforced while reading (as soon as the frames
/// read exceed it, for streams whose length is not declared), NaN and infinite float samples are
/// rejected at the frame they occur, and the end checks (no frames at all, shorter than
/// <see cref="WavDecoderOptions.MinSeconds"/>) run in the <see cref="Read"/> call that reaches the
/// end: all as <see cref="AudioFormatException"/> with the same messages as
/// <see cref="WavDecoder.Decode(Stream)"/>, which is built on this reader. After an exception the
/// reader is unusable. Not thread-safe; disposing returns its buffer (and closes the file when it
/// was opened from a path).
/// </para>
/// </summary>
public sealed class WavSampleReader : IDisposable
{
    /// <summary>No frame cap beyond MaxSeconds (kept far below where doubles and longs lose precision).</summary>
    internal const long Unlimited = 1L << 52;

    private const int BlockBytes = 64 * 1024;

    /// <summary>Without a trustworthy size, grow past this instead of trusting a header for a huge buffer.</summary>
    private const int MaxUnverifiedFrames = 1 << 24;

    private readonly ForwardStreamReader _reader;
    private readonly Stream? _ownedStream;
    private readonly WavFormat _format;
    private readonly WavDecoderOptions _options;
    private readonly long _declaredBytes;
    private readonly bool _sizeKnown;
    private readonly int _frameSize;
    private readonly List<string> _warnings = [];
    private byte[]? _block;
    private long _remaining;
    private long _dataRead;
    private long _clamped;
    private State _state;

    internal WavSampleReader(ForwardStreamReader reader, Stream? ownedStream, WavFormat format, long declaredBytes, WavDecoderOptions options, long frameCap)
    {
        _reader = reader;
        _ownedStream = ownedStream;
        _format = format;
        _options = options;
        _declaredBytes = declaredBytes;
        _frameSize = format.FrameSize;
        _sizeKnown = declaredBytes is not 0 and not uint.MaxValue;
        MaxFrames = (long)Math.Min(Math.Floor(options.MaxSeconds * format.SampleRate), frameCap);
        if (_sizeKnown && declaredBytes / _frameSize > MaxFrames)
        {
            throw TooLong((double)(declaredBytes / _frameSize) / format.SampleRate);
        }

        var available = reader.BytesRemaining;
        if (!_sizeKnown && available is { } bytesLeft && bytesLeft / _frameSize > MaxFrames)
        {
            throw TooLong((double)(bytesLeft / _frameSize) / format.SampleRate);
        }

        if (!_sizeKnown)
        {
            _warnings.Add(Invariant($"data chunk size is 0x{declaredBytes:X8} (unknown); read to the end of the stream"));
        }

        ExpectedFrames = (_sizeKnown, available) switch
        {
            (true, { } left) => Math.Min(declaredBytes, left) / _frameSize,
            (true, null) => Math.Min(declaredBytes / _frameSize, MaxUnverifiedFrames),
            (false, { } left) => left / _frameSize,
            (false, null) => format.SampleRate * 10L,
        };
        BlockFrames = Math.Max(1, BlockBytes / _frameSize);
        _remaining = _sizeKnown ? declaredBytes : long.MaxValue;
        _block = ArrayPool<byte>.Shared.Rent(BlockFrames * _frameSize);
    }

    private enum State
    {
        Reading,
        Completed,
        Failed,
        Disposed,
    }

    /// <summary>Sample rate of the file, in Hz.</summary>
    public int SampleRate => _format.SampleRate;

    /// <summary>Channels in the file (the output is always their average).</summary>
    public int Channels => _format.Channels;

    public int BitsPerSample => _format.BitsPerSample;

    /// <summary>An ffmpeg-style name such as <c>pcm_s16le</c> (see <see cref="DecodedAudio.Encoding"/>).</summary>
    public string Encoding => _format.Name;

    /// <summary>Frames the data chunk declares, or null when its size is unknown (0 or 0xFFFFFFFF: read to the end).</summary>
    public long? DeclaredFrames => _sizeKnown ? _declaredBytes / _frameSize : null;

    /// <summary>Frames returned so far.</summary>
    public long FramesRead { get; private set; }

    /// <summary>Seconds returned so far; the clip's duration once <see cref="IsCompleted"/>.</summary>
    public double DurationSeconds => (double)FramesRead / SampleRate;

    /// <summary>True once the end of the data was reached and the clip passed the end checks.</summary>
    public bool IsCompleted => _state == State.Completed;

    /// <summary>What was odd but decodable (unknown size, truncation, partial frame, clipping); final once <see cref="IsCompleted"/>.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    internal List<string> WarningList => _warnings;

    /// <summary>The most frames this reader accepts (MaxSeconds, and the caller's cap).</summary>
    internal long MaxFrames { get; }

    /// <summary>Frames one block of the underlying read holds (about 64 KiB of data).</summary>
    internal int BlockFrames { get; }

    /// <summary>A safe first guess at the frame count: what the header says where the stream can confirm it, else bounded.</summary>
    internal long ExpectedFrames { get; }

    /// <summary>
    /// Fills <paramref name="monoOut"/> with the next mono frames unless the data ends first, and
    /// returns how many were written: fewer than asked only at the end, 0 once the end was reached
    /// (or for an empty buffer). Throws <see cref="AudioFormatException"/> as described on the class.
    /// </summary>
    public int Read(Span<float> monoOut)
    {
        switch (_state)
        {
            case State.Completed:
                return 0;
            case State.Failed:
                throw new InvalidOperationException("the WAV reader already failed; its data cannot be read further");
            case State.Disposed:
                throw new ObjectDisposedException(nameof(WavSampleReader));
        }

        try
        {
            var written = 0;
            while (written < monoOut.Length && _state == State.Reading)
            {
                written += ReadBlock(monoOut[written..]);
            }

            return written;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    public void Dispose()
    {
        if (_state == State.Disposed)
        {
            return;
        }

        _state = State.Disposed;
        if (_block is { } block)
        {
            _block = null;
            ArrayPool<byte>.Shared.Return(block);
        }

        _ownedStream?.Dispose();
    }

    /// <summary>Reads at most one block into <paramref name="mono"/>; finishes when the data ends.</summary>
    private int ReadBlock(Span<float> mono)
    {
        var block = _block!;
        var want = (int)Math.Min(Math.Min(mono.Length, BlockFrames) * (long)_frameSize, _remaining);
        var got = _reader.ReadUpTo(block.AsSpan(0, want));
        _remaining -= got;
        _dataRead += got;
        var frames = got / _frameSize;
        if (FramesRead + frames > MaxFrames)
        {
            throw TooLong((double)(FramesRead + frames) / SampleRate);
        }

        _clamped += FrameDownmixer.Downmix(block.AsSpan(0, frames * _frameSize), _format, mono[..frames], FramesRead);
        FramesRead += frames;

        var partial = got - (frames * _frameSize);
        if (partial > 0)
        {
            _warnings.Add(Invariant($"dropped a partial frame of {partial} bytes at the end of the data"));
        }

        if (got < want)
        {
            if (_sizeKnown)
            {
                _warnings.Add(Invariant($"truncated: the data chunk declares {_declaredBytes} bytes but the file ends after {_dataRead}"));
            }

            Finish();
        }
        else if (_remaining == 0)
        {
            Finish();
        }

        return frames;
    }

    private void Finish()
    {
        if (FramesRead == 0)
        {
            throw new AudioFormatException("no audio frames (the data chunk is empty)");
        }

        if (_clamped > 0)
        {
            _warnings.Add(Invariant($"clipped: {_clamped} float samples were outside [-1, 1]"));
        }

        var seconds = DurationSeconds;
        if (seconds < _options.MinSeconds)
        {
            throw new AudioFormatException(Invariant($"audio is {seconds:0.00} s long; the minimum is {_options.MinSeconds:0.00} s"));
        }

        _state = State.Completed;
        if (_block is { } block)
        {
            _block = null;
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private AudioFormatException TooLong(double seconds) =>
        new(Invariant($"audio is {seconds:0.00} s long; the maximum is {_options.MaxSeconds:0.##} s"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
