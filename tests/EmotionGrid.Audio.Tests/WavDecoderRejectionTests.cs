using System.Buffers.Binary;
using System.Text;

namespace EmotionGrid.Audio.Tests;

/// <summary>Every rejection is an <see cref="AudioFormatException"/> whose one-line message names the problem.</summary>
public sealed class WavDecoderRejectionTests
{
    private static readonly byte[] OneSecondPcm16 = WavWriter.EncodeSamples(new double[16_000], WavWriter.Pcm, 16);

    public static TheoryData<string, byte[], string[]> Cases => new()
    {
        { "empty", [], ["empty file"] },
        { "aiff", Bytes("FORM\0\0\0\u0020AIFFCOMM"), ["not a WAV file", "AIFF"] },
        { "mp3 id3", Bytes("ID3\u0003\0\0\0\0\u000f\u0076"), ["not a WAV file: looks like an MP3 file (ID3 tag)"] },
        { "mp3 sync", [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0], ["MP3", "frame sync"] },
        { "aac adts", [0xFF, 0xF1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0], ["AAC"] },
        { "flac", Bytes("fLaC\0\0\0\u0022\u0010\0\u0010\0"), ["FLAC"] },
        { "ogg", Bytes("OggS\0\u0002\0\0\0\0\0\0"), ["Ogg"] },
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], ["PNG"] },
        { "text", Bytes("hello, this is not audio\n"), ["not a WAV file", "plain text"] },
        { "binary", [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B], ["not a WAV file", "no RIFF header"] },
        { "short riff", Bytes("RIFF\0\0"), ["ends inside the RIFF header"] },
        { "rifx", Bytes("RIFX\0\0\0\u0024WAVE"), ["RIFX", "big-endian"] },
        { "avi", Bytes("RIFF\0\0\0\u0024AVI LIST"), ["not a WAV file", "AVI"] },
        { "no fmt before data", WavWriter.Riff(WavWriter.Chunk("data", OneSecondPcm16)), ["no fmt chunk"] },
        { "no fmt at all", WavWriter.Riff(WavWriter.Chunk("LIST", new byte[10])), ["no fmt chunk"] },
        { "no data", WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("LIST", new byte[4])), ["no data chunk"] },
        { "fmt too small", WavWriter.Riff(WavWriter.Chunk("fmt ", new byte[14]), WavWriter.Chunk("data", OneSecondPcm16)), ["fmt chunk too small", "14 bytes"] },
        { "extensible too small", WavWriter.Riff(WavWriter.Chunk("fmt ", WavWriter.FmtBody(0xFFFE, 1, 16_000, 16)), WavWriter.Chunk("data", OneSecondPcm16)), ["EXTENSIBLE", "16 bytes"] },
        { "zero channels", Wav(WavWriter.Pcm, 0, 16_000, 16), ["0 channels"] },
        { "zero rate", Wav(WavWriter.Pcm, 1, 0, 16), ["sample rate of 0 Hz"] },
        { "rate too low", Wav(WavWriter.Pcm, 1, 4_000, 16), ["sample rate 4000 Hz"] },
        { "rate too high", Wav(WavWriter.Pcm, 1, 384_000, 16), ["sample rate 384000 Hz"] },
        { "pcm 12 bit", Wav(WavWriter.Pcm, 1, 16_000, 12), ["PCM bit depth", "12 bits"] },
        { "float 16 bit", Wav(WavWriter.Float, 1, 16_000, 16), ["float bit depth", "16 bits"] },
        { "mu-law 16 bit", Wav(WavWriter.MuLaw, 1, 16_000, 16), ["mu-law", "16 bits"] },
        { "ms adpcm", Wav(0x0002, 1, 16_000, 4), ["unsupported WAV codec 0x0002 (MS ADPCM)"] },
        { "mp3 in wav", Wav(0x0055, 2, 44_100, 0), ["unsupported WAV codec 0x0055 (MP3)"] },
        { "unknown codec", Wav(0x1234, 1, 16_000, 16), ["unsupported WAV codec 0x1234"] },
        { "bad sub-format", WavWriter.Riff(WavWriter.Chunk("fmt ", WavWriter.FmtBody(1, 1, 16_000, 16, true, new byte[16])), WavWriter.Chunk("data", OneSecondPcm16)), ["sub-format"] },
        { "extensible adpcm", WavWriter.Riff(WavWriter.Chunk("fmt ", WavWriter.FmtBody(0x0002, 1, 16_000, 4, true)), WavWriter.Chunk("data", OneSecondPcm16)), ["0x0002 (MS ADPCM)"] },
        { "nan", FloatWav(float.NaN), ["NaN", "frame 100"] },
        { "infinity", FloatWav(float.PositiveInfinity), ["infinite", "frame 100"] },
        { "empty data", WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", [])), ["no audio frames"] },
        { "less than a frame", WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 2, 16_000, 16), WavWriter.Chunk("data", [1, 2, 3])), ["no audio frames"] },
        { "too short", WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[3200])), ["audio is 0.10 s long; the minimum is 0.25 s"] },
        { "too long by header", WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 8_000, 16), WavWriter.Chunk("data", OneSecondPcm16, declaredSize: 2_000_000_000)), ["audio is 125000.00 s long; the maximum is 14400 s"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rejects_with_a_reason(string name, byte[] file, string[] expectedInMessage)
    {
        var error = Assert.Throws<AudioFormatException>(() => new WavDecoder().Decode(new MemoryStream(file)));

        Assert.DoesNotContain('\n', error.Message);
        foreach (var expected in expectedInMessage)
        {
            Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: '{error.Message}' lacks '{expected}'");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Too_long_without_a_declared_size_is_rejected(bool seekable)
    {
        var decoder = new WavDecoder(new WavDecoderOptions { MaxSeconds = 1 });
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[3 * 32_000], declaredSize: 0xFFFFFFFF));

        var error = Assert.Throws<AudioFormatException>(() => decoder.Decode(seekable ? new MemoryStream(wav) : new TrickleStream(wav, 4096)));

        Assert.Contains("the maximum is 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_length_is_configurable()
    {
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[3200]));

        var audio = new WavDecoder(new WavDecoderOptions { MinSeconds = 0.05 }).Decode(new MemoryStream(wav));

        Assert.Equal(0.1, audio.DurationSeconds, 9);
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] Wav(ushort tag, int channels, int rate, int bits) =>
        WavWriter.Riff(WavWriter.Fmt(tag, channels, rate, bits), WavWriter.Chunk("data", OneSecondPcm16));

    private static byte[] FloatWav(float bad)
    {
        var data = WavWriter.EncodeSamples(new double[16_000], WavWriter.Float, 32);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(400), bad);
        return WavWriter.Riff(WavWriter.Fmt(WavWriter.Float, 1, 16_000, 32), WavWriter.Chunk("data", data));
    }
}
