using System.Buffers.Binary;

namespace EmotionGrid.Client.Tests.Support;

/// <summary>Builds test clips from real ones: several 16-bit PCM WAVs of one format joined into one long clip.</summary>
public static class WavClips
{
    public static byte[] Concatenate(IEnumerable<string> paths)
    {
        byte[]? format = null;
        using var data = new MemoryStream();
        foreach (var path in paths)
        {
            var (fmt, pcm) = Chunks(File.ReadAllBytes(path));
            format ??= fmt;
            Assert.True(format.AsSpan().SequenceEqual(fmt), $"{path} has another format than the first clip");
            data.Write(pcm);
        }

        Assert.NotNull(format);
        using var wav = new MemoryStream();
        var header = new byte[12];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 4 + 8 + format.Length + 8 + (int)data.Length);
        "WAVE"u8.CopyTo(header.AsSpan(8));
        wav.Write(header);
        WriteChunk(wav, "fmt "u8, format);
        WriteChunk(wav, "data"u8, data.ToArray());
        return wav.ToArray();
    }

    private static (byte[] Format, byte[] Data) Chunks(byte[] wav)
    {
        Assert.True(wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) && wav.AsSpan(8, 4).SequenceEqual("WAVE"u8), "not a RIFF/WAVE file");
        byte[]? format = null;
        byte[]? data = null;
        for (var at = 12; at + 8 <= wav.Length;)
        {
            var id = wav.AsSpan(at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(at + 4));
            var body = wav.AsSpan(at + 8, Math.Min(size, wav.Length - at - 8));
            if (id.SequenceEqual("fmt "u8))
            {
                format = body.ToArray();
            }
            else if (id.SequenceEqual("data"u8))
            {
                data = body.ToArray();
            }

            at += 8 + size + (size & 1);
        }

        Assert.NotNull(format);
        Assert.NotNull(data);
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(format)); // PCM
        return (format, data);
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> id, byte[] body)
    {
        Span<byte> header = stackalloc byte[8];
        id.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], body.Length);
        stream.Write(header);
        stream.Write(body);
        if ((body.Length & 1) == 1)
        {
            stream.WriteByte(0);
        }
    }
}
