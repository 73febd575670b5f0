using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests.Streaming;

/// <summary>
/// <see cref="AudioFrontEnd.Prepare"/> now streams (decode and resample block by block, never
/// holding the source-rate clip); its output must stay exactly the decode-then-resample one.
/// </summary>
public sealed class StreamingPrepareTests
{
    public static TheoryData<int, ushort, int, int> Files => new()
    {
        { 8_000, WavWriter.Pcm, 16, 1 },
        { 11_025, WavWriter.Pcm, 8, 2 },
        { 16_000, WavWriter.Float, 32, 1 },
        { 22_050, WavWriter.Pcm, 24, 3 },
        { 44_100, WavWriter.Pcm, 16, 2 },
        { 48_000, WavWriter.Float, 64, 2 },
        { 96_000, WavWriter.Pcm, 32, 1 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Prepare_is_exactly_resample_of_decode(int rate, ushort tag, int bits, int channels)
    {
        var frames = (int)(2.7 * rate);
        var random = new Random(rate);
        var interleaved = Enumerable.Range(0, frames * channels)
            .Select(i => (0.6 * Math.Sin(i * 0.0021 * (1 + (i % channels)))) + (0.2 * (random.NextDouble() - 0.5)))
            .ToArray();
        var wav = WavWriter.Create(interleaved, channels, rate, tag, bits);
        var decoded = new WavDecoder().Decode(new MemoryStream(wav));
        var expected = PolyphaseResampler.Resample(decoded.Samples, rate, PreparedAudio.SampleRate);

        foreach (var stream in new Stream[] { new MemoryStream(wav), new TrickleStream(wav, 777) })
        {
            var prepared = new AudioFrontEnd().Prepare(stream);

            Assert.Equal(expected, prepared.Samples);
            Assert.Equal(decoded.DurationSeconds, prepared.DurationSeconds);
            Assert.Equal(rate, prepared.SourceSampleRate);
            Assert.Equal(channels, prepared.SourceChannels);
            Assert.Equal(decoded.Encoding, prepared.SourceEncoding);
            Assert.Equal(decoded.Warnings, prepared.Warnings);
        }
    }

    [Theory]
    [InlineData(0u, true)]
    [InlineData(0xFFFFFFFFu, false)]
    [InlineData(10_000_000u, false)]
    public void Unknown_and_lying_sizes_prepare_the_same_as_before(uint declared, bool seekable)
    {
        var data = WavWriter.EncodeSamples(Enumerable.Range(0, 3 * 44_100).Select(i => 0.5 * Math.Sin(i * 0.03)).ToArray(), WavWriter.Pcm, 16);
        var wav = WavWriter.Riff(WavWriter.Fmt(WavWriter.Pcm, 1, 44_100, 16), WavWriter.Chunk("data", data, declared));
        Stream Open() => seekable ? new MemoryStream(wav) : new TrickleStream(wav, 4096);
        var decoded = new WavDecoder().Decode(Open());

        var prepared = new AudioFrontEnd().Prepare(Open());

        Assert.Equal(PolyphaseResampler.Resample(decoded.Samples, 44_100, 16_000), prepared.Samples);
        Assert.Equal(decoded.Warnings, prepared.Warnings);
        Assert.NotEmpty(prepared.Warnings);
    }

    [Fact]
    public void Real_48k_files_prepare_exactly_as_decode_then_resample()
    {
        var decoder = new WavDecoder();
        foreach (var file in TestData.RavdessFiles("48k/Actor_01"))
        {
            var decoded = decoder.Decode(file);
            using var stream = File.OpenRead(file);

            var prepared = new AudioFrontEnd(decoder).Prepare(stream);

            Assert.Equal(PolyphaseResampler.Resample(decoded.Samples, 48_000, 16_000), prepared.Samples);
            Assert.Equal(decoded.DurationSeconds, prepared.DurationSeconds);
        }
    }
}
