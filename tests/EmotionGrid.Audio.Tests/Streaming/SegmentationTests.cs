using EmotionGrid.Audio.Streaming;
using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests.Streaming;

/// <summary><see cref="AudioFrontEnd.ReadSegments"/>: where segments fall, and that they are slices of what Prepare gives.</summary>
public sealed class SegmentationTests
{
    private const int Rate = PreparedAudio.SampleRate;

    [Fact]
    public void A_short_clip_is_one_segment_equal_to_the_prepared_clip()
    {
        var wav = Speechy(48_000, 3.0, channels: 2);
        var prepared = new AudioFrontEnd().Prepare(new MemoryStream(wav));

        using var audio = new AudioFrontEnd().ReadSegments(new TrickleStream(wav, 1001));
        var segment = Assert.Single(audio.ToList());

        Assert.Equal(0, segment.Index);
        Assert.Equal(0, segment.StartSeconds);
        Assert.Equal(3.0, segment.EndSeconds);
        Assert.Equal(prepared.Samples, segment.Samples);
        Assert.True(audio.IsCompleted);
        Assert.Equal(1, audio.SegmentCount);
        Assert.Equal(prepared.DurationSeconds, audio.DurationSeconds);
        Assert.Equal(prepared.Samples.Length, audio.SampleCount);
        Assert.Equal(48_000, audio.SourceSampleRate);
        Assert.Equal(2, audio.SourceChannels);
        Assert.Equal(16, audio.SourceBitsPerSample);
        Assert.Equal("pcm_s16le", audio.SourceEncoding);
        Assert.Equal(prepared.Warnings, audio.Warnings);
    }

    [Fact]
    public void A_25_second_clip_is_cut_at_0_9_and_the_end()
    {
        var wav = Speechy(48_000, 25.0, channels: 1);
        var prepared = new AudioFrontEnd().Prepare(new MemoryStream(wav));

        using var audio = new AudioFrontEnd().ReadSegments(new MemoryStream(wav));
        var segments = audio.ToList();

        Assert.Equal([(0.0, 10.0), (9.0, 19.0), (15.0, 25.0)], segments.Select(s => (s.StartSeconds, s.EndSeconds)));
        Assert.Equal([0, 1, 2], segments.Select(s => s.Index));
        AssertSlicesOf(prepared.Samples, segments);
        Assert.Equal(25.0, audio.DurationSeconds);
        Assert.Equal(400_000, audio.SampleCount);
    }

    [Theory]
    [InlineData(10.0, new[] { 0.0 })]
    [InlineData(9.5, new[] { 0.0 })]
    [InlineData(10.5, new[] { 0.0, 0.5 })]
    [InlineData(19.0, new[] { 0.0, 9.0 })]
    [InlineData(19.25, new[] { 0.0, 9.0, 9.25 })]
    [InlineData(28.0, new[] { 0.0, 9.0, 18.0 })]
    [InlineData(31.0, new[] { 0.0, 9.0, 18.0, 21.0 })]
    public void Segments_start_every_hop_then_one_ends_at_the_end(double seconds, double[] starts)
    {
        var wav = Speechy(22_050, seconds, channels: 1, float32: true);
        var prepared = new AudioFrontEnd().Prepare(new MemoryStream(wav));

        using var audio = new AudioFrontEnd().ReadSegments(new TrickleStream(wav, 4093), new SegmentOptions());
        var segments = audio.ToList();

        Assert.Equal(starts, segments.Select(s => Math.Round(s.StartSeconds, 3)));
        AssertSlicesOf(prepared.Samples, segments);
        Assert.All(segments, s => Assert.Equal(Math.Min(prepared.Samples.Length, 10 * Rate), s.Samples.Length));
        Assert.Equal(prepared.Samples.Length / (double)Rate, segments[^1].EndSeconds);
    }

    [Theory]
    [InlineData(2.0, 0.5, 7.3)]
    [InlineData(1.0, 0.9, 3.0)]
    [InlineData(0.5, 0.25, 0.26)]
    [InlineData(3.0, 2.0, 12.0)]
    public void Other_lengths_and_overlaps_follow_the_same_rule(double segmentSeconds, double overlapSeconds, double clipSeconds)
    {
        var options = new SegmentOptions { SegmentSeconds = segmentSeconds, OverlapSeconds = overlapSeconds };
        var wav = Speechy(44_100, clipSeconds, channels: 2);
        var prepared = new AudioFrontEnd().Prepare(new MemoryStream(wav));
        int total = prepared.Samples.Length, length = options.SegmentSamples, hop = options.HopSamples;

        var expectedStarts = new List<long>();
        if (total <= length)
        {
            expectedStarts.Add(0);
        }
        else
        {
            for (long start = 0; start + length <= total; start += hop)
            {
                expectedStarts.Add(start);
            }

            if (expectedStarts[^1] + length < total)
            {
                expectedStarts.Add(total - length);
            }
        }

        using var audio = new AudioFrontEnd().ReadSegments(new MemoryStream(wav), options);
        var segments = audio.ToList();

        Assert.Equal(expectedStarts, segments.Select(s => (long)Math.Round(s.StartSeconds * Rate)));
        AssertSlicesOf(prepared.Samples, segments);
    }

    [Fact]
    public void A_real_recording_is_one_segment_equal_to_the_prepared_clip()
    {
        var files = TestData.RavdessFiles("48k/Actor_01");
        foreach (var file in files.Take(5).Append(files.First(f => f.EndsWith("03-01-08-01-02-02-01.wav", StringComparison.Ordinal))))
        {
            PreparedAudio prepared;
            using (var whole = File.OpenRead(file))
            {
                prepared = new AudioFrontEnd().Prepare(whole);
            }

            using var stream = File.OpenRead(file);
            using var audio = new AudioFrontEnd().ReadSegments(stream);

            var segment = Assert.Single(audio);
            Assert.Equal(prepared.Samples, segment.Samples);
            Assert.Equal(prepared.DurationSeconds, audio.DurationSeconds);
            Assert.Equal(prepared.SourceChannels, audio.SourceChannels);
        }
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 0.5)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(10.0, 0.0)]
    [InlineData(10.0, 10.0)]
    [InlineData(10.0, 12.0)]
    [InlineData(10.0, double.PositiveInfinity)]
    [InlineData(1e9, 1.0)]
    [InlineData(1e-6, 1e-7)]
    public void Bad_options_are_refused_before_anything_is_read(double segmentSeconds, double overlapSeconds)
    {
        var options = new SegmentOptions { SegmentSeconds = segmentSeconds, OverlapSeconds = overlapSeconds };

        Assert.NotNull(options.Problem());
        var error = Assert.Throws<ArgumentException>(() => new AudioFrontEnd().ReadSegments(new MemoryStream(), options));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(SegmentOptions.Default.Problem());
    }

    [Fact]
    public void Header_rejections_are_thrown_by_read_segments_itself()
    {
        var error = Assert.Throws<AudioFormatException>(() => new AudioFrontEnd().ReadSegments(new MemoryStream("ID3\u0004"u8.ToArray())));

        Assert.Contains("MP3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_rejections_are_thrown_by_the_enumeration()
    {
        var tooShort = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 16_000, 16), WavWriter.Chunk("data", new byte[3200]));
        using var audio = new AudioFrontEnd().ReadSegments(new MemoryStream(tooShort));

        var error = Assert.Throws<AudioFormatException>(() => audio.ToList());

        Assert.Equal("audio is 0.10 s long; the minimum is 0.25 s", error.Message);
        Assert.False(audio.IsCompleted);
        Assert.Equal(0, audio.SegmentCount);
    }

    [Fact]
    public void Totals_wait_for_the_end_and_the_segments_can_be_read_once()
    {
        using var audio = new AudioFrontEnd().ReadSegments(new MemoryStream(Speechy(16_000, 12, channels: 1)));

        Assert.Equal(16_000, audio.SourceSampleRate);
        Assert.Throws<InvalidOperationException>(() => audio.DurationSeconds);
        using (var enumerator = audio.GetEnumerator())
        {
            Assert.True(enumerator.MoveNext());
            Assert.Throws<InvalidOperationException>(() => audio.SampleCount);
            Assert.True(enumerator.MoveNext());
            Assert.False(enumerator.MoveNext());
        }

        Assert.Equal(12.0, audio.DurationSeconds);
        Assert.Equal(2, audio.SegmentCount);
        Assert.Throws<InvalidOperationException>(() => audio.GetEnumerator());
    }

    [Fact]
    public void Max_seconds_stops_an_endless_undeclared_stream_mid_enumeration()
    {
        var frontEnd = new AudioFrontEnd(new WavDecoder(new WavDecoderOptions { MaxSeconds = 30 }));
        using var audio = frontEnd.ReadSegments(new SyntheticWavStream(48_000, 2, long.MaxValue, declareSize: false));

        var seen = new List<AudioSegment>();
        var error = Assert.Throws<AudioFormatException>(() =>
        {
            foreach (var segment in audio)
            {
                seen.Add(segment);
            }
        });

        Assert.Contains("the maximum is 30 s", error.Message, StringComparison.Ordinal);
        Assert.Equal([0.0, 9.0, 18.0], seen.Select(s => s.StartSeconds));
        Assert.False(audio.IsCompleted);
    }

    internal static void AssertSlicesOf(float[] whole, IReadOnlyList<AudioSegment> segments)
    {
        foreach (var segment in segments)
        {
            var start = (int)Math.Round(segment.StartSeconds * Rate);
            Assert.Equal((int)Math.Round(segment.EndSeconds * Rate) - start, segment.Samples.Length);
            var slice = whole.AsSpan(start, segment.Samples.Length);
            for (var i = 0; i < slice.Length; i++)
            {
                if (Math.Abs(slice[i] - segment.Samples[i]) > 1e-6)
                {
                    Assert.Fail($"segment {segment.Index} sample {i}: {segment.Samples[i]} vs {slice[i]} in the prepared clip");
                }
            }
        }
    }

    /// <summary>A clip whose content changes over time (a chirp-like sum plus noise), so misplaced slices cannot match.</summary>
    internal static byte[] Speechy(int sampleRate, double seconds, int channels, bool float32 = false)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var random = new Random(frames);
        var interleaved = new double[frames * channels];
        for (var f = 0; f < frames; f++)
        {
            var t = (double)f / sampleRate;
            for (var c = 0; c < channels; c++)
            {
                interleaved[(f * channels) + c] = (0.3 * Math.Sin(2 * Math.PI * (200 + (15 * t) + (50 * c)) * t))
                    + (0.1 * Math.Sin(2 * Math.PI * 1700 * t * (1 + (0.01 * t))))
                    + (0.05 * (random.NextDouble() - 0.5));
            }
        }

        return float32
            ? WavWriter.Create(interleaved, channels, sampleRate, WavWriter.Float, 32)
            : WavWriter.Create(interleaved, channels, sampleRate, WavWriter.Pcm, 16);
    }
}
