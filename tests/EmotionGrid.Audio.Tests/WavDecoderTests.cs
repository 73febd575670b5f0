using System.Buffers.Binary;

namespace EmotionGrid.Audio.Tests;

public sealed class WavDecoderTests
{
    private static readonly WavDecoder AnyLength = new(new WavDecoderOptions { MinSeconds = 0 });

    public static TheoryData<ushort, int, bool, int, string> Formats => new()
    {
        { WavWriter.Pcm, 8, false, 1, "pcm_u8" },
        { WavWriter.Pcm, 16, false, 1, "pcm_s16le" },
        { WavWriter.Pcm, 24, false, 1, "pcm_s24le" },
        { WavWriter.Pcm, 32, false, 1, "pcm_s32le" },
        { WavWriter.Float, 32, false, 1, "pcm_f32le" },
        { WavWriter.Float, 64, false, 1, "pcm_f64le" },
        { WavWriter.Pcm, 16, false, 2, "pcm_s16le" },
        { WavWriter.Pcm, 24, false, 3, "pcm_s24le" },
        { WavWriter.Float, 32, false, 6, "pcm_f32le" },
        { WavWriter.Pcm, 16, true, 2, "pcm_s16le (extensible)" },
        { WavWriter.Pcm, 24, true, 1, "pcm_s24le (extensible)" },
        { WavWriter.Pcm, 32, true, 2, "pcm_s32le (extensible)" },
        { WavWriter.Float, 32, true, 2, "pcm_f32le (extensible)" },
        { WavWriter.Float, 64, true, 1, "pcm_f64le (extensible)" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decodes_every_supported_format_to_the_channel_average(ushort tag, int bits, bool extensible, int channels, string encoding)
    {
        const int rate = 16_000;
        const int frames = 8_000;
        var interleaved = new double[frames * channels];
        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < channels; c++)
            {
                // Different content per channel, so a wrong down-mix cannot pass.
                interleaved[(f * channels) + c] = 0.8 * Math.Sin((2 * Math.PI * (300 + (170 * c)) * f / rate) + c);
            }
        }

        var audio = new WavDecoder().Decode(new MemoryStream(WavWriter.Create(interleaved, channels, rate, tag, bits, extensible)));

        Assert.Equal(rate, audio.SampleRate);
        Assert.Equal(channels, audio.Channels);
        Assert.Equal(bits, audio.BitsPerSample);
        Assert.Equal(encoding, audio.Encoding);
        Assert.Empty(audio.Warnings);
        Assert.Equal(frames, audio.Samples.Length);
        var tolerance = tag == WavWriter.Float ? 1e-6 : 1e-6 + Math.Pow(2, -(bits - 1));
        for (var f = 0; f < frames; f++)
        {
            var expected = 0.0;
            for (var c = 0; c < channels; c++)
            {
                var x = interleaved[(f * channels) + c];
                expected += tag == WavWriter.Float ? x : WavWriter.Dequantised(x, bits);
            }

            Assert.True(
                Math.Abs(audio.Samples[f] - (expected / channels)) <= tolerance,
                $"frame {f}: {audio.Samples[f]} vs {expected / channels}");
        }
    }

    [Fact]
    public void Stereo_is_the_average_of_left_and_right()
    {
        var interleaved = Enumerable.Range(0, 8000).SelectMany(_ => new[] { 0.5, -0.25 }).ToArray();
        var audio = new WavDecoder().Decode(new MemoryStream(WavWriter.Create(interleaved, 2, 16_000, WavWriter.Pcm, 16)));

        Assert.Equal(2, audio.Channels);
        Assert.All(audio.Samples, s => Assert.Equal(0.125f, s));
    }

    [Fact]
    public void Pcm_full_scale_codes_map_to_the_ends_of_the_range()
    {
        var data = new byte[] { 0x00, 0x80, 0xFF, 0x7F, 0x00, 0x00 };
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 8000, 16), WavWriter.Chunk("data", data));

        var audio = AnyLength.Decode(new MemoryStream(wav));

        Assert.Equal([-1f, 32767f / 32768, 0f], audio.Samples);
    }

    [Fact]
    public void Mu_law_expands_to_the_G711_reference_values()
    {
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.MuLaw, 1, 8000, 8), WavWriter.Chunk("data", [0xFF, 0x7F, 0x00, 0x80, 0xFE, 0x7E]));

        var audio = AnyLength.Decode(new MemoryStream(wav));

        Assert.Equal("pcm_mulaw", audio.Encoding);
        Assert.Equal(8, audio.BitsPerSample);
        float[] expected = [0, 0, -32124, 32124, 8, -8];
        Assert.Equal(expected.Select(v => v / 32768f), audio.Samples);
    }

    [Fact]
    public void A_law_expands_to_the_G711_reference_values()
    {
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.ALaw, 1, 8000, 8), WavWriter.Chunk("data", [0xD5, 0x55, 0xAA, 0x2A]));

        var audio = AnyLength.Decode(new MemoryStream(wav));

        Assert.Equal("pcm_alaw", audio.Encoding);
        Assert.Equal(new[] { 8f, -8f, 32256f, -32256f }.Select(v => v / 32768f), audio.Samples);
    }

    [Fact]
    public void G711_tables_are_odd_symmetric_and_monotonic_in_magnitude()
    {
        for (var code = 0; code < 128; code++)
        {
            // Flipping the sign bit negates the value (mu-law's two zeros excepted).
            Assert.Equal(-G711.MuLawToLinear16((byte)code), G711.MuLawToLinear16((byte)(code | 0x80)));
            Assert.Equal(-G711.ALawToLinear16((byte)code), G711.ALawToLinear16((byte)(code | 0x80)));
        }

        Assert.Equal(32124, G711.MuLawToLinear16(0x80));
        Assert.Equal(32256, G711.ALawToLinear16(0xAA));
    }

    [Fact]
    public void Extensible_mu_law_sub_format_decodes()
    {
        var fmt = WavWriter.Chunk("fmt ", WavWriter.FmtBody(WavWriter.MuLaw, 1, 8000, 8, extensible: true));
        var audio = AnyLength.Decode(new MemoryStream(WavWriter.Riff(fmt, WavWriter.Chunk("data", [0x80, 0x00]))));

        Assert.Equal("pcm_mulaw (extensible)", audio.Encoding);
        Assert.Equal([32124 / 32768f, -32124 / 32768f], audio.Samples);
    }

    [Fact]
    public void Unknown_and_odd_length_chunks_are_skipped_in_any_order()
    {
        var samples = Signals.Sine(440, 16_000, 8000).Select(v => (double)v).ToArray();
        var wav = WavWriter.Riff(
            WavWriter.Chunk("JUNK", new byte[28]),
            WavWriter.Chunk("bext", new byte[7]),
            WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16),
            WavWriter.Chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0"u8.ToArray()),
            WavWriter.Chunk("fact", [0x40, 0x1F, 0, 0]),
            WavWriter.Chunk("odd!", [1, 2, 3]),
            WavWriter.Chunk("data", WavWriter.EncodeSamples(samples, WavWriter.Pcm, 16)),
            WavWriter.Chunk("id3 ", new byte[5]));

        var audio = new WavDecoder().Decode(new MemoryStream(wav));

        Assert.Equal(8000, audio.Samples.Length);
        Assert.Empty(audio.Warnings);
        Assert.Equal(WavWriter.Dequantised(samples[1234], 16), audio.Samples[1234], 1e-6);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(12u)]
    [InlineData(0xFFFFFFFFu)]
    public void Riff_size_that_does_not_match_the_file_is_ignored(uint riffSize)
    {
        var data = WavWriter.EncodeSamples(new double[8000], WavWriter.Pcm, 16);
        var wav = WavWriter.Riff(riffSize, WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", data));

        Assert.Equal(8000, new WavDecoder().Decode(new MemoryStream(wav)).Samples.Length);
    }

    [Theory]
    [InlineData(0u, true)]
    [InlineData(0xFFFFFFFFu, true)]
    [InlineData(0u, false)]
    [InlineData(0xFFFFFFFFu, false)]
    public void Unknown_data_size_reads_to_the_end_of_the_stream(uint declared, bool seekable)
    {
        var data = WavWriter.EncodeSamples(Enumerable.Repeat(0.25, 3 * 48_000).ToArray(), WavWriter.Pcm, 16);
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 48_000, 16), WavWriter.Chunk("data", data, declared));

        var audio = new WavDecoder().Decode(seekable ? new MemoryStream(wav) : new TrickleStream(wav, 4096));

        Assert.Equal(3 * 48_000, audio.Samples.Length);
        Assert.All(audio.Samples, s => Assert.Equal(0.25f, s));
        Assert.Contains(audio.Warnings, w => w.Contains("unknown", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Data_size_beyond_the_file_decodes_what_is_there_with_a_truncation_warning(bool seekable)
    {
        var data = WavWriter.EncodeSamples(Enumerable.Repeat(-0.5, 16_000).ToArray(), WavWriter.Pcm, 16);
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", data, declaredSize: 10_000_000));

        var audio = new WavDecoder().Decode(seekable ? new MemoryStream(wav) : new TrickleStream(wav, 1000));

        Assert.Equal(16_000, audio.Samples.Length);
        var warning = Assert.Single(audio.Warnings);
        Assert.StartsWith("truncated: ", warning, StringComparison.Ordinal);
        Assert.Contains("10000000", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_partial_frame_is_dropped()
    {
        var data = WavWriter.EncodeSamples(Enumerable.Repeat(0.5, 2 * 8000).ToArray(), WavWriter.Pcm, 16).Concat(new byte[] { 1, 2, 3 }).ToArray();
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 2, 16_000, 16), WavWriter.Chunk("data", data));

        var audio = new WavDecoder().Decode(new MemoryStream(wav));

        Assert.Equal(8000, audio.Samples.Length);
        Assert.Contains(audio.Warnings, w => w.Contains("partial frame", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trickling_non_seekable_stream_decodes_the_same_as_a_seekable_one()
    {
        var interleaved = Signals.Sine(300, 22_050, 2 * 11_025).Select(v => (double)v).ToArray();
        var wav = WavWriter.Riff(
            WavWriter.Chunk("LIST", new byte[101]),
            WavWriter.Fmt(WavWriter.Pcm, 2, 22_050, 24),
            WavWriter.Chunk("data", WavWriter.EncodeSamples(interleaved, WavWriter.Pcm, 24)));

        var seekable = new WavDecoder().Decode(new MemoryStream(wav));
        var trickled = new WavDecoder().Decode(new TrickleStream(wav, 5));

        Assert.Equal(seekable.Samples, trickled.Samples);
        Assert.Equal(11_025, trickled.Samples.Length);
    }

    [Fact]
    public void Float_samples_beyond_full_scale_are_clipped_with_a_warning()
    {
        var wav = WavWriter.Create(Enumerable.Repeat(1.5, 8000).ToArray(), 1, 16_000, WavWriter.Float, 32);

        var audio = new WavDecoder().Decode(new MemoryStream(wav));

        Assert.All(audio.Samples, s => Assert.Equal(1f, s));
        Assert.Contains(audio.Warnings, w => w.StartsWith("clipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Rf64_with_unknown_sizes_decodes()
    {
        var wav = WavWriter.Riff(
            WavWriter.Chunk("ds64", new byte[28]),
            WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16),
            WavWriter.Chunk("data", new byte[16_000], declaredSize: 0xFFFFFFFF));
        "RF64"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), 0xFFFFFFFF);

        Assert.Equal(8000, new WavDecoder().Decode(new MemoryStream(wav)).Samples.Length);
    }

    [Fact]
    public void Decode_from_a_path_reads_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emotiongrid-{Guid.NewGuid():N}.wav");
        try
        {
            File.WriteAllBytes(path, WavWriter.Create(new double[16_000], 1, 16_000, WavWriter.Pcm, 16));
            Assert.Equal(1.0, new WavDecoder().Decode(path).DurationSeconds);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
