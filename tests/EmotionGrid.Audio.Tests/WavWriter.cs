using System.Buffers.Binary;
using System.Text;

namespace EmotionGrid.Audio.Tests;

/// <summary>
/// Builds WAV files byte by byte in memory for the decoder tests, including malformed ones
/// (odd chunks, wrong sizes, unsupported codecs), so no audio file is ever committed.
/// </summary>
internal static class WavWriter
{
    public const ushort Pcm = 0x0001;
    public const ushort Float = 0x0003;
    public const ushort ALaw = 0x0006;
    public const ushort MuLaw = 0x0007;
    public const ushort Extensible = 0xFFFE;

    /// <summary>A complete file: RIFF header, fmt, data.</summary>
    public static byte[] Create(double[] interleaved, int channels, int sampleRate, ushort tag, int bits, bool extensible = false) =>
        Riff(Fmt(tag, channels, sampleRate, bits, extensible), Chunk("data", EncodeSamples(interleaved, tag, bits)));

    /// <summary>A RIFF/WAVE file of the given chunks; the RIFF size is right unless overridden.</summary>
    public static byte[] Riff(params byte[][] chunks) => Riff(null, chunks);

    public static byte[] Riff(uint? riffSize, params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var file = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), riffSize ?? (uint)(4 + body.Length));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        body.CopyTo(file, 12);
        return file;
    }

    /// <summary>A chunk with its header and, for odd sizes, the pad byte.</summary>
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        var padded = body.Length + (body.Length & 1);
        var chunk = new byte[8 + padded];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    public static byte[] Fmt(ushort tag, int channels, int sampleRate, int bits, bool extensible = false) =>
        Chunk("fmt ", FmtBody(tag, channels, sampleRate, bits, extensible));

    /// <summary>The fmt body: 16 bytes, or 40 for WAVE_FORMAT_EXTENSIBLE with <paramref name="tag"/> in the sub-format GUID.</summary>
    public static byte[] FmtBody(ushort tag, int channels, int sampleRate, int bits, bool extensible = false, byte[]? subFormatGuid = null)
    {
        var body = new byte[extensible ? 40 : 16];
        var blockAlign = channels * bits / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(body, extensible ? Extensible : tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 2 ? 3u : 0u);
            var guid = subFormatGuid ?? [0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            guid.CopyTo(body, 24);
            if (subFormatGuid is null)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), tag);
            }
        }

        return body;
    }

    /// <summary>Samples in [-1, 1] quantised the usual way for each PCM depth, or written as floats.</summary>
    public static byte[] EncodeSamples(double[] samples, ushort tag, int bits)
    {
        var size = bits / 8;
        var data = new byte[samples.Length * size];
        for (var i = 0; i < samples.Length; i++)
        {
            var slot = data.AsSpan(i * size, size);
            var x = samples[i];
            switch (tag, bits)
            {
                case (Pcm, 8):
                    slot[0] = (byte)(128 + Quantise(x, 8));
                    break;
                case (Pcm, 16):
                    BinaryPrimitives.WriteInt16LittleEndian(slot, (short)Quantise(x, 16));
                    break;
                case (Pcm, 24):
                    var v = (int)Quantise(x, 24);
                    slot[0] = (byte)v;
                    slot[1] = (byte)(v >> 8);
                    slot[2] = (byte)(v >> 16);
                    break;
                case (Pcm, 32):
                    BinaryPrimitives.WriteInt32LittleEndian(slot, (int)Quantise(x, 32));
                    break;
                case (Float, 32):
                    BinaryPrimitives.WriteSingleLittleEndian(slot, (float)x);
                    break;
                case (Float, 64):
                    BinaryPrimitives.WriteDoubleLittleEndian(slot, x);
                    break;
                default:
                    throw new NotSupportedException($"tag {tag} bits {bits}");
            }
        }

        return data;
    }

    /// <summary>What the decoder should return for a quantised sample: code / 2^(bits-1).</summary>
    public static double Dequantised(double x, int bits) => Quantise(x, bits) / Math.Pow(2, bits - 1);

    private static long Quantise(double x, int bits)
    {
        var full = Math.Pow(2, bits - 1);
        return (long)Math.Clamp(Math.Round(x * full), -full, full - 1);
    }
}
