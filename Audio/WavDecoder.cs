using System.Buffers.Binary;
using EmotionGrid.Audio.Streaming;

namespace EmotionGrid.Audio;

/// <summary>
/// Decodes RIFF/WAVE files (PCM 8/16/24/32, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, G.711
/// mu-law and A-law, any channel count) to mono float samples at the original rate. Reads the
/// stream forward in blocks, so uploads can be decoded while they arrive. <see cref="Open(Stream)"/>
/// streams (a <see cref="WavSampleReader"/> in constant memory); <see cref="Decode(Stream)"/> is
/// built on it, and its only large allocation is the output. Anything it cannot decode is an
/// <see cref="AudioFormatException"/> whose message is a one-line reason. Stateless, so one instance
/// may be shared across threads.
/// </summary>
public sealed class WavDecoder(WavDecoderOptions? options = null)
{
    private readonly WavDecoderOptions _options = options ?? WavDecoderOptions.Default;

    public WavDecoderOptions Options => _options;

    public DecodedAudio Decode(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        return Decode(file);
    }

    public DecodedAudio Decode(Stream stream)
    {
        using var reader = OpenCore(stream, ownsStream: false, frameCap: Array.MaxLength);
        var maxFrames = reader.MaxFrames;
        var blockFrames = reader.BlockFrames;

        // Size the output from what is verifiably there (see WavSampleReader.ExpectedFrames), so a
        // lying header cannot force a huge allocation; grow if the data turns out longer.
        var samples = new float[Math.Min(reader.ExpectedFrames, maxFrames)];
        float[]? overflow = null;
        var count = 0;
        while (true)
        {
            var space = samples.Length - count;
            if (space > 0)
            {
                var got = reader.Read(samples.AsSpan(count, Math.Min(space, blockFrames)));
                if (got == 0)
                {
                    break;
                }

                count += got;
                continue;
            }

            // Full: read past the guess through a scratch block, so nothing grows at the very end.
            overflow ??= new float[blockFrames];
            var more = reader.Read(overflow);
            if (more == 0)
            {
                break;
            }

            Array.Resize(ref samples, (int)Math.Min(Math.Max(2L * samples.Length, count + (long)more), maxFrames));
            overflow.AsSpan(0, more).CopyTo(samples.AsSpan(count));
            count += more;
        }

        if (count != samples.Length)
        {
            Array.Resize(ref samples, count);
        }

        return new DecodedAudio(samples, reader.SampleRate, reader.Channels, reader.BitsPerSample, reader.Encoding, reader.WarningList);
    }

    /// <summary>
    /// Parses and validates the header exactly as <see cref="Decode(Stream)"/> does (same rejections,
    /// thrown here) and returns a reader positioned at the first sample frame, which decodes the data
    /// chunk block by block into mono floats at the source rate. <see cref="WavDecoderOptions.MaxSeconds"/>
    /// is enforced from the header where the size is declared and while reading otherwise;
    /// <see cref="WavDecoderOptions.MinSeconds"/> when the end is reached. The caller keeps ownership
    /// of <paramref name="stream"/>; disposing the reader returns its buffer.
    /// </summary>
    public WavSampleReader Open(Stream stream) => OpenCore(stream, ownsStream: false, frameCap: WavSampleReader.Unlimited);

    /// <summary>Like <see cref="Open(Stream)"/> for a file; disposing the reader closes it.</summary>
    public WavSampleReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        try
        {
            return OpenCore(file, ownsStream: true, frameCap: WavSampleReader.Unlimited);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The header walk shared by every entry point. <paramref name="frameCap"/> bounds the frame
    /// count on top of MaxSeconds: <see cref="Decode(Stream)"/> needs one array, streaming does not.
    /// </summary>
    internal WavSampleReader OpenCore(Stream stream, bool ownsStream, long frameCap)
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
                    : new WavSampleReader(reader, ownsStream ? stream : null, format, size, _options, frameCap);
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

    private static AudioFormatException Reject(string reason) => new(reason);
}
