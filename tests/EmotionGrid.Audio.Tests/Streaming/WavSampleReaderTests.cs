using System.Buffers.Binary;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests.Streaming;

/// <summary><see cref="WavDecoder.Open(Stream)"/> streams exactly what <see cref="WavDecoder.Decode(Stream)"/> returns, in any read sizes.</summary>
public sealed class WavSampleReaderTests
{
    private static readonly WavDecoder AnyLength = new(new WavDecoderOptions { MinSeconds = 0 });

    /// <summary>Read sizes, in frames: tiny, odd, and bigger than the decoder's own block.</summary>
    private static readonly int[] ReadSizes = [1, 3, 7, 1000, 4093, 100_000];

    /// <summary>Every kind of file the decoder tests build, by name.</summary>
    public static TheoryData<string> Files => new(Builders.Keys);

    private static Dictionary<string, Func<byte[]>> Builders { get; } = CreateBuilders();

    [Theory]
    [MemberData(nameof(WavDecoderTests.Formats), MemberType = typeof(WavDecoderTests))]
    public void Every_format_streams_exactly_as_it_decodes(ushort tag, int bits, bool extensible, int channels, string encoding)
    {
        var wav = FormatFile(tag, bits, extensible, channels);
        var decoded = new WavDecoder().Decode(new MemoryStream(wav));
        Assert.Equal(encoding, decoded.Encoding);

        foreach (var size in ReadSizes)
        {
            AssertStreamsAs(decoded, new WavDecoder(), () => new MemoryStream(wav), size);
            AssertStreamsAs(decoded, new WavDecoder(), () => new TrickleStream(wav, 5), size);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_test_file_streams_exactly_as_it_decodes(string name)
    {
        var wav = Builders[name]();
        foreach (var seekable in new[] { true, false })
        {
            Stream Open() => seekable ? new MemoryStream(wav) : new TrickleStream(wav, 1000);
            var decoded = AnyLength.Decode(Open());
            foreach (var size in ReadSizes)
            {
                AssertStreamsAs(decoded, AnyLength, Open, size);
            }
        }
    }

    [Theory]
    [MemberData(nameof(WavDecoderRejectionTests.Cases), MemberType = typeof(WavDecoderRejectionTests))]
    public void Every_rejection_has_the_same_message(string name, byte[] file, string[] expectedInMessage)
    {
        _ = expectedInMessage;
        var expected = Assert.Throws<AudioFormatException>(() => new WavDecoder().Decode(new MemoryStream(file))).Message;

        foreach (var size in new[] { 1, 7, 4096 })
        {
            var error = Assert.Throws<AudioFormatException>(() => ReadAll(new WavDecoder(), new TrickleStream(file, 3), size));
            Assert.True(expected == error.Message, $"{name}, reads of {size}: '{error.Message}' vs Decode's '{expected}'");
        }
    }

    [Fact]
    public void Header_problems_are_thrown_by_open_before_any_read()
    {
        var mp3 = "ID3\u0003\0\0\0\0\u000f\u0076"u8.ToArray();
        var tooLong = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 8_000, 16), WavWriter.Chunk("data", new byte[100], declaredSize: 2_000_000_000));

        Assert.Contains("MP3", Assert.Throws<AudioFormatException>(() => new WavDecoder().Open(new MemoryStream(mp3))).Message, StringComparison.Ordinal);
        Assert.Contains("the maximum is 14400 s", Assert.Throws<AudioFormatException>(() => new WavDecoder().Open(new MemoryStream(tooLong))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_properties_are_known_at_open_and_totals_at_the_end()
    {
        var interleaved = Enumerable.Range(0, 2 * 24_000).Select(i => 0.1 * Math.Sin(i * 0.01)).ToArray();
        var wav = WavWriter.Create(interleaved, 2, 48_000, WavWriter.Pcm, 24);

        using var reader = new WavDecoder().Open(new TrickleStream(wav, 100));

        Assert.Equal(48_000, reader.SampleRate);
        Assert.Equal(2, reader.Channels);
        Assert.Equal(24, reader.BitsPerSample);
        Assert.Equal("pcm_s24le", reader.Encoding);
        Assert.Equal(24_000, reader.DeclaredFrames);
        Assert.Equal(0, reader.FramesRead);
        Assert.False(reader.IsCompleted);

        var buffer = new float[10_000];
        Assert.Equal(10_000, reader.Read(buffer));
        Assert.Equal(10_000, reader.FramesRead);
        Assert.Equal(10_000, reader.Read(buffer));
        Assert.Equal(4_000, reader.Read(buffer));
        Assert.True(reader.IsCompleted);
        Assert.Equal(0, reader.Read(buffer));
        Assert.Equal(24_000, reader.FramesRead);
        Assert.Equal(0.5, reader.DurationSeconds);
        Assert.Empty(reader.Warnings);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void Declared_frames_are_null_when_the_size_is_unknown(uint declared)
    {
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[16_000], declared));

        using var reader = new WavDecoder().Open(new MemoryStream(wav));

        Assert.Null(reader.DeclaredFrames);
        Assert.Equal(8_000, ReadToEnd(reader, 333).Length);
        Assert.Contains(reader.Warnings, w => w.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Warnings_found_at_the_end_are_there_once_it_is_reached()
    {
        var wav = WavWriter.Create(Enumerable.Repeat(1.5, 8000).ToArray(), 1, 16_000, WavWriter.Float, 32);
        using var reader = new WavDecoder().Open(new MemoryStream(wav));

        var buffer = new float[1000];
        reader.Read(buffer);
        Assert.Empty(reader.Warnings);
        while (reader.Read(buffer) > 0)
        {
        }

        Assert.Equal("clipped: 8000 float samples were outside [-1, 1]", Assert.Single(reader.Warnings));
    }

    [Fact]
    public void Too_short_is_rejected_by_the_read_that_reaches_the_end()
    {
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[3200]));
        using var reader = new WavDecoder().Open(new MemoryStream(wav));

        Assert.Equal(1000, reader.Read(new float[1000]));
        var error = Assert.Throws<AudioFormatException>(() => reader.Read(new float[1000]));

        Assert.Equal("audio is 0.10 s long; the minimum is 0.25 s", error.Message);
        Assert.Throws<InvalidOperationException>(() => reader.Read(new float[10]));
    }

    [Fact]
    public void Max_seconds_is_enforced_mid_stream_without_a_declared_size()
    {
        // An endless stream that declares no size: only counting while reading can stop it.
        var decoder = new WavDecoder(new WavDecoderOptions { MaxSeconds = 5 });
        using var reader = decoder.Open(new SyntheticWavStream(48_000, 2, long.MaxValue, declareSize: false));
        Assert.Null(reader.DeclaredFrames);

        var buffer = new float[4_801];
        var error = Assert.Throws<AudioFormatException>(() =>
        {
            while (reader.Read(buffer) > 0)
            {
            }
        });

        Assert.Contains("the maximum is 5 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(reader.FramesRead, (5 * 48_000) - buffer.Length, 5 * 48_000);
    }

    [Fact]
    public void Nan_is_reported_at_its_frame_whatever_the_read_size()
    {
        var data = WavWriter.EncodeSamples(new double[16_000], WavWriter.Float, 32);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * 1234), float.NaN);
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Float, 1, 16_000, 32), WavWriter.Chunk("data", data));

        foreach (var size in new[] { 1, 100, 1233, 5000 })
        {
            var error = Assert.Throws<AudioFormatException>(() => ReadAll(new WavDecoder(), new MemoryStream(wav), size));
            Assert.Equal("invalid float sample: NaN at frame 1234", error.Message);
        }
    }

    [Fact]
    public void Open_from_a_path_owns_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emotiongrid-{Guid.NewGuid():N}.wav");
        try
        {
            File.WriteAllBytes(path, WavWriter.Create(new double[16_000], 1, 16_000, WavWriter.Pcm, 16));
            using (var reader = new WavDecoder().Open(path))
            {
                Assert.Equal(16_000, ReadToEnd(reader, 999).Length);
            }

            File.Delete(path); // closed by the reader's Dispose
            Assert.False(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Real_48k_files_stream_exactly_as_they_decode()
    {
        var files = TestData.RavdessFiles("48k/Actor_01");
        Assert.Equal(60, files.Length);
        var decoder = new WavDecoder();
        for (var i = 0; i < files.Length; i++)
        {
            var decoded = decoder.Decode(files[i]);
            var bytes = File.ReadAllBytes(files[i]);

            // Odd read sizes over a trickling forward-only stream; every tenth file frame by frame.
            var size = i % 10 == 0 ? 1 : 1 + (i * 389 % 5000);
            AssertStreamsAs(decoded, decoder, () => new TrickleStream(bytes, 3001), size);
        }
    }

    internal static float[] ReadAll(WavDecoder decoder, Stream stream, int readSize)
    {
        using var reader = decoder.Open(stream);
        return ReadToEnd(reader, readSize);
    }

    private static float[] ReadToEnd(WavSampleReader reader, int readSize)
    {
        var all = new List<float>();
        var buffer = new float[readSize];
        int got;
        while ((got = reader.Read(buffer)) > 0)
        {
            Assert.True(got == readSize || reader.IsCompleted, "a short read before the end");
            all.AddRange(buffer.AsSpan(0, got));
        }

        Assert.True(reader.IsCompleted);
        return [.. all];
    }

    private static void AssertStreamsAs(DecodedAudio decoded, WavDecoder decoder, Func<Stream> open, int readSize)
    {
        using var reader = decoder.Open(open());
        Assert.Equal(decoded.SampleRate, reader.SampleRate);
        Assert.Equal(decoded.Channels, reader.Channels);
        Assert.Equal(decoded.BitsPerSample, reader.BitsPerSample);
        Assert.Equal(decoded.Encoding, reader.Encoding);

        var samples = ReadToEnd(reader, readSize);

        Assert.Equal(decoded.Samples, samples);
        Assert.Equal(decoded.Samples.Length, reader.FramesRead);
        Assert.Equal(decoded.DurationSeconds, reader.DurationSeconds);
        Assert.Equal(decoded.Warnings, reader.Warnings);
    }

    private static byte[] FormatFile(ushort tag, int bits, bool extensible, int channels)
    {
        const int rate = 16_000;
        const int frames = 8_000;
        var interleaved = new double[frames * channels];
        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < channels; c++)
            {
                interleaved[(f * channels) + c] = 0.8 * Math.Sin((2 * Math.PI * (300 + (170 * c)) * f / rate) + c);
            }
        }

        return WavWriter.Create(interleaved, channels, rate, tag, bits, extensible);
    }

    /// <summary>The other files of <see cref="WavDecoderTests"/>: odd chunks, unknown and wrong sizes, G.711, RF64, clipping.</summary>
    private static Dictionary<string, Func<byte[]>> CreateBuilders()
    {
        var sine = Signals.Sine(440, 16_000, 8000).Select(v => (double)v).ToArray();
        return new Dictionary<string, Func<byte[]>>
        {
            ["full scale codes"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 8000, 16), WavWriter.Chunk("data", [0x00, 0x80, 0xFF, 0x7F, 0x00, 0x00])),
            ["mu-law"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.MuLaw, 1, 8000, 8), WavWriter.Chunk("data", [0xFF, 0x7F, 0x00, 0x80, 0xFE, 0x7E])),
            ["a-law"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.ALaw, 1, 8000, 8), WavWriter.Chunk("data", [0xD5, 0x55, 0xAA, 0x2A])),
            ["extensible mu-law"] = () => WavWriter.Riff(
                WavWriter.Chunk("fmt ", WavWriter.FmtBody(WavWriter.MuLaw, 1, 8000, 8, extensible: true)), WavWriter.Chunk("data", [0x80, 0x00])),
            ["odd chunks"] = () => WavWriter.Riff(
                WavWriter.Chunk("JUNK", new byte[28]),
                WavWriter.Chunk("bext", new byte[7]),
                WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16),
                WavWriter.Chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0"u8.ToArray()),
                WavWriter.Chunk("odd!", [1, 2, 3]),
                WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 16)),
                WavWriter.Chunk("id3 ", new byte[5])),
            ["wrong riff size"] = () => WavWriter.Riff(12u, WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 16))),
            ["data size 0"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 48_000, 16), WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 16), 0)),
            ["data size unknown"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 2, 48_000, 24), WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 24), 0xFFFFFFFF)),
            ["truncated"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 16), declaredSize: 10_000_000)),
            ["partial frame"] = () => WavWriter.Riff(
                WavWriter.Fmt(WavWriter.Pcm, 2, 16_000, 16),
                WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 16).Concat(new byte[] { 1, 2, 3 }).ToArray())),
            ["partial frame, unknown size"] = () => WavWriter.Riff(
                WavWriter.Fmt(WavWriter.Pcm, 3, 16_000, 24),
                WavWriter.Chunk("data", WavWriter.EncodeSamples(sine, WavWriter.Pcm, 24).Concat(new byte[] { 1, 2, 3, 4 }).ToArray(), 0)),
            ["clipped floats"] = () => WavWriter.Create(sine.Select(v => v * 3).ToArray(), 1, 16_000, WavWriter.Float, 64),
            ["rf64"] = () =>
            {
                var wav = WavWriter.Riff(WavWriter.Chunk("ds64", new byte[28]), WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[16_000], 0xFFFFFFFF));
                "RF64"u8.CopyTo(wav);
                return wav;
            },
            ["one frame"] = () => WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", [0x00, 0x40])),
        };
    }
}
