using System.Buffers.Binary;

namespace EmotionGrid.Audio;

/// <summary>A validated WAV fmt chunk: what the decoder needs to turn data bytes into samples.</summary>
internal sealed record WavFormat(WavSampleEncoding Encoding, int Channels, int SampleRate, bool Extensible)
{
    public const int MinSampleRate = 8_000;
    public const int MaxSampleRate = 192_000;

    /// <summary>The smallest fmt chunk (PCMWAVEFORMAT); WAVE_FORMAT_EXTENSIBLE needs 40 bytes.</summary>
    public const int MinChunkSize = 16;
    public const int ExtensibleChunkSize = 40;

    private const ushort TagPcm = 0x0001;
    private const ushort TagFloat = 0x0003;
    private const ushort TagALaw = 0x0006;
    private const ushort TagMuLaw = 0x0007;
    private const ushort TagExtensible = 0xFFFE;

    /// <summary>Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID; bytes 0..1 carry the format tag.</summary>
    private static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public int BytesPerSample => Encoding switch
    {
        WavSampleEncoding.SignedPcm16 => 2,
        WavSampleEncoding.SignedPcm24 => 3,
        WavSampleEncoding.SignedPcm32 or WavSampleEncoding.Float32 => 4,
        WavSampleEncoding.Float64 => 8,
        _ => 1,
    };

    public int BitsPerSample => BytesPerSample * 8;

    public int FrameSize => Channels * BytesPerSample;

    public bool IsFloat => Encoding is WavSampleEncoding.Float32 or WavSampleEncoding.Float64;

    /// <summary>An ffmpeg-style name such as <c>pcm_s16le</c>, suffixed when the header was extensible.</summary>
    public string Name => Encoding switch
    {
        WavSampleEncoding.UnsignedPcm8 => "pcm_u8",
        WavSampleEncoding.SignedPcm16 => "pcm_s16le",
        WavSampleEncoding.SignedPcm24 => "pcm_s24le",
        WavSampleEncoding.SignedPcm32 => "pcm_s32le",
        WavSampleEncoding.Float32 => "pcm_f32le",
        WavSampleEncoding.Float64 => "pcm_f64le",
        WavSampleEncoding.MuLaw => "pcm_mulaw",
        _ => "pcm_alaw",
    } + (Extensible ? " (extensible)" : string.Empty);

    /// <summary>
    /// Parses the first bytes of a fmt chunk (<paramref name="declaredSize"/> is the chunk's
    /// full size) or throws <see cref="AudioFormatException"/> naming what is wrong.
    /// </summary>
    public static WavFormat Parse(ReadOnlySpan<byte> fmt, long declaredSize)
    {
        if (declaredSize < MinChunkSize || fmt.Length < MinChunkSize)
        {
            throw Reject($"fmt chunk too small ({declaredSize} bytes; a WAV fmt chunk needs at least {MinChunkSize})");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        if (channels == 0)
        {
            throw Reject("fmt chunk declares 0 channels");
        }

        if (sampleRate == 0)
        {
            throw Reject("fmt chunk declares a sample rate of 0 Hz");
        }

        var extensible = tag == TagExtensible;
        if (extensible)
        {
            if (declaredSize < ExtensibleChunkSize || fmt.Length < ExtensibleChunkSize)
            {
                throw Reject($"fmt chunk too small for WAVE_FORMAT_EXTENSIBLE ({declaredSize} bytes; needs {ExtensibleChunkSize})");
            }

            var guid = fmt.Slice(24, 16);
            if (!guid[2..].SequenceEqual(SubFormatGuidTail))
            {
                throw Reject($"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        var encoding = EncodingOf(tag, bits);
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw Reject($"unsupported sample rate {sampleRate} Hz (supported: {MinSampleRate} to {MaxSampleRate} Hz)");
        }

        return new WavFormat(encoding, channels, (int)sampleRate, extensible);
    }

    private static WavSampleEncoding EncodingOf(ushort tag, int bits) => tag switch
    {
        TagPcm => bits switch
        {
            8 => WavSampleEncoding.UnsignedPcm8,
            16 => WavSampleEncoding.SignedPcm16,
            24 => WavSampleEncoding.SignedPcm24,
            32 => WavSampleEncoding.SignedPcm32,
            _ => throw Reject($"unsupported PCM bit depth: {bits} bits (supported: 8, 16, 24, 32)"),
        },
        TagFloat => bits switch
        {
            32 => WavSampleEncoding.Float32,
            64 => WavSampleEncoding.Float64,
            _ => throw Reject($"unsupported IEEE float bit depth: {bits} bits (supported: 32, 64)"),
        },
        TagMuLaw or TagALaw when bits != 8 =>
            throw Reject($"unsupported G.711 {(tag == TagMuLaw ? "mu-law" : "A-law")} bit depth: {bits} bits (must be 8)"),
        TagMuLaw => WavSampleEncoding.MuLaw,
        TagALaw => WavSampleEncoding.ALaw,
        _ => throw Reject(CodecName(tag) is { } name
            ? $"unsupported WAV codec 0x{tag:X4} ({name})"
            : $"unsupported WAV codec 0x{tag:X4}"),
    };

    /// <summary>Names of compressed codecs seen in the wild, so the rejection says what the file is.</summary>
    private static string? CodecName(ushort tag) => tag switch
    {
        0x0000 => "unknown/invalid",
        0x0002 => "MS ADPCM",
        0x0011 => "IMA ADPCM",
        0x0016 => "ITU G.723 ADPCM",
        0x0022 => "DSP Group TrueSpeech",
        0x0031 => "GSM 6.10",
        0x0040 => "G.721 ADPCM",
        0x0042 => "G.723.1",
        0x0045 => "G.726 ADPCM",
        0x0050 => "MPEG audio",
        0x0055 => "MP3",
        0x0064 => "G.726 ADPCM",
        0x0092 => "Dolby AC-3 SPDIF",
        0x00FF => "AAC",
        0x0160 => "WMA v1",
        0x0161 => "WMA v2",
        0x0162 => "WMA Pro",
        0x0163 => "WMA Lossless",
        0x1600 => "AAC (ADTS)",
        0x1610 => "HE-AAC",
        0x2000 => "Dolby AC-3",
        0x2001 => "DTS",
        0x674F => "Ogg Vorbis",
        0x6750 => "Ogg Vorbis",
        0x6751 => "Ogg Vorbis",
        0xF1AC => "FLAC",
        _ => null,
    };

    private static AudioFormatException Reject(string reason) => new(reason);
}
