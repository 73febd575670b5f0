using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace EmotionGrid.Audio;

/// <summary>
/// Decodes RIFF/WAVE files (PCM 8/16/24/32, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, G.711
/// mu-law and A-law, any channel count) to mono float samples at the original rate. Reads the
/// stream forward in blocks, so uploads can be decoded while they arrive; the only large
/// allocation is the output. Anything it cannot decode is an <see cref="AudioFormatException"/>
/// whose message is a one-line reason. Stateless, so one instance may be shared across threads.
/// </summary>
public sealed class WavDecoder(WavDecoderOptions? options = null)
{
    private const int BlockBytes = 64 * 1024;

    /// <summary>Without a trustworthy size, grow past this instead of trusting a header for a huge buffer.</summary>
    private const int MaxUnverifiedFrames = 1 << 24;

    private readonly WavDecoderOptions _options = options ?? WavDecoderOptions.Default;

    public WavDecoderOptions Options => _options;

    public DecodedAudio Decode(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        return Decode(file);
    }

    public DecodedAudio Decode(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new ForwardStreamReader(stream);
        ReadRiffHeader(reader);

        WavFormat? format = null;
        Span<byte> header = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[WavFormat.ExtensibleChunkSize];
        while (true)
        {
            if (reader.ReadUpTo(header) < header.Length)
            {
                throw Reject(format is null
                    ? $"no fmt chunk (the file ends after {reader.BytesConsumed} bytes without one)"
                    : $"no data chunk (the file ends after {reader.BytesConsumed} bytes without one)");
            }

            var id = header[..4];
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (id.SequenceEqual("data"u8))
            {
                return format is null
                    ? throw Reject("no fmt chunk before the data chunk")
                    : DecodeData(reader, format, size);
            }

            if (id.SequenceEqual("fmt "u8))
            {
                var read = reader.ReadUpTo(fmt[..(int)Math.Min(size, fmt.Length)]);
                format = WavFormat.Parse(fmt[..read], size);
                reader.Skip(size - read + (size & 1));
                continue;
            }

            // LIST, fact, bext, JUNK, ds64 (RF64) ...: skip, honouring the pad byte of odd sizes.
            // If the file ends inside one, the next header read reports what is missing.
            reader.Skip(size + (size & 1));
        }
    }

    private static void ReadRiffHeader(ForwardStreamReader reader)
    {
        Span<byte> head = stackalloc byte[12];
        var read = reader.ReadUpTo(head);
        head = head[..read];
        if (read == 0)
        {
            throw Reject("empty file (0 bytes)");
        }

        if (head.StartsWith("RIFX"u8))
        {
            throw Reject("big-endian RIFX WAV files are not supported");
        }

        // RF64 is RIFF with 64-bit sizes in a ds64 chunk; its data size reads 0xFFFFFFFF,
        // which the read-to-end path already handles.
        var riff = head.StartsWith("RIFF"u8) || head.StartsWith("RF64"u8);
        if (!riff)
        {
            throw Reject(FileSignature.Describe(head) is { } looksLike
                ? $"not a WAV file: looks like {looksLike}"
                : $"not a WAV file: no RIFF header (starts with '{FileSignature.Printable(head[..Math.Min(4, read)])}')");
        }

        if (read < 12)
        {
            throw Reject($"not a WAV file: the file ends inside the RIFF header ({read} bytes)");
        }

        if (!head[8..].SequenceEqual("WAVE"u8))
        {
            throw Reject($"not a WAV file: looks like {FileSignature.DescribeRiffForm(head[8..])}");
        }
    }

    private DecodedAudio DecodeData(ForwardStreamReader reader, WavFormat format, long declaredBytes)
    {
        var warnings = new List<string>();
        var frameSize = format.FrameSize;
        var sizeKnown = declaredBytes is not 0 and not uint.MaxValue;
        var maxFrames = (long)Math.Min(Math.Floor(_options.MaxSeconds * format.SampleRate), Array.MaxLength);
        if (sizeKnown && declaredBytes / frameSize > maxFrames)
        {
            throw TooLong((double)(declaredBytes / frameSize) / format.SampleRate);
        }

        var available = reader.BytesRemaining;
        if (!sizeKnown && available is { } bytesLeft && bytesLeft / frameSize > maxFrames)
        {
            throw TooLong((double)(bytesLeft / frameSize) / format.SampleRate);
        }

        if (!sizeKnown)
        {
            warnings.Add(Invariant($"data chunk size is 0x{declaredBytes:X8} (unknown); read to the end of the stream"));
        }

        // Size the output from what is verifiably there: the header when the stream can confirm it,
        // otherwise a bounded guess that grows, so a lying header cannot force a huge allocation.
        var expectedFrames = (sizeKnown, available) switch
        {
            (true, { } left) => Math.Min(declaredBytes, left) / frameSize,
            (true, null) => Math.Min(declaredBytes / frameSize, MaxUnverifiedFrames),
            (false, { } left) => left / frameSize,
            (false, null) => format.SampleRate * 10L,
        };
        var samples = new float[Math.Min(expectedFrames, maxFrames)];
        var count = 0;

        var blockBytes = Math.Max(1, BlockBytes / frameSize) * frameSize;
        var block = ArrayPool<byte>.Shared.Rent(blockBytes);
        var remaining = sizeKnown ? declaredBytes : long.MaxValue;
        long dataRead = 0;
        var clamped = 0L;
        try
        {
            while (remaining > 0)
            {
                var want = (int)Math.Min(blockBytes, remaining);
                var got = reader.ReadUpTo(block.AsSpan(0, want));
                remaining -= got;
                dataRead += got;
                var frames = got / frameSize;
                if (count + (long)frames > maxFrames)
                {
                    throw TooLong((double)(count + (long)frames) / format.SampleRate);
                }

                if (count + frames > samples.Length)
                {
                    Array.Resize(ref samples, (int)Math.Min(Math.Max(2L * samples.Length, count + (long)frames), maxFrames));
                }

                clamped += FrameDownmixer.Downmix(block.AsSpan(0, frames * frameSize), format, samples.AsSpan(count, frames), count);
                count += frames;

                var partial = got - (frames * frameSize);
                if (partial > 0)
                {
                    warnings.Add(Invariant($"dropped a partial frame of {partial} bytes at the end of the data"));
                }

                if (got < want)
                {
                    if (sizeKnown)
                    {
                        warnings.Add(Invariant($"truncated: the data chunk declares {declaredBytes} bytes but the file ends after {dataRead}"));
                    }

                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        if (count == 0)
        {
            throw Reject("no audio frames (the data chunk is empty)");
        }

        if (clamped > 0)
        {
            warnings.Add(Invariant($"clipped: {clamped} float samples were outside [-1, 1]"));
        }

        var seconds = (double)count / format.SampleRate;
        if (seconds < _options.MinSeconds)
        {
            throw Reject(Invariant($"audio is {seconds:0.00} s long; the minimum is {_options.MinSeconds:0.00} s"));
        }

        if (count != samples.Length)
        {
            Array.Resize(ref samples, count);
        }

        return new DecodedAudio(samples, format.SampleRate, format.Channels, format.BitsPerSample, format.Name, warnings);
    }

    private AudioFormatException TooLong(double seconds) =>
        Reject(Invariant($"audio is {seconds:0.00} s long; the maximum is {_options.MaxSeconds:0.##} s"));

    private static AudioFormatException Reject(string reason) => new(reason);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
