using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests;

public sealed class AudioFrontEndTests
{
    [Fact]
    public void Prepares_stereo_48k_as_16k_mono()
    {
        var left = Signals.Sine(500, 48_000, 48_000, amplitude: 0.6);
        var interleaved = left.SelectMany(s => new[] { (double)s, (double)s }).ToArray();
        var wav = WavWriter.Create(interleaved, 2, 48_000, WavWriter.Float, 32);

        var prepared = new AudioFrontEnd(new WavDecoder()).Prepare(new MemoryStream(wav));

        Assert.Equal(16_000, prepared.Samples.Length);
        Assert.Equal(1.0, prepared.DurationSeconds);
        Assert.Equal(48_000, prepared.SourceSampleRate);
        Assert.Equal(2, prepared.SourceChannels);
        Assert.Equal("pcm_f32le", prepared.SourceEncoding);
        var ideal = Signals.Sine(500, 16_000, 16_000, amplitude: 0.6);
        Assert.True(Signals.SnrDb(ideal.AsSpan(400, 15_000), prepared.Samples.AsSpan(400, 15_000)) > 80);
    }

    [Fact]
    public void Rejections_pass_through()
    {
        var error = Assert.Throws<AudioFormatException>(() => new AudioFrontEnd().Prepare(new MemoryStream("ID3\u0004"u8.ToArray())));

        Assert.Contains("MP3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_stereo_original_prepares_to_the_expected_length()
    {
        var file = TestData.RavdessFiles("48k/Actor_01").First(f => f.EndsWith("03-01-08-01-02-02-01.wav", StringComparison.Ordinal));
        using var stream = File.OpenRead(file);

        var prepared = new AudioFrontEnd().Prepare(stream);

        Assert.Equal(2, prepared.SourceChannels);
        Assert.Equal(PolyphaseResampler.OutputLength((int)Math.Round(prepared.DurationSeconds * 48_000), 48_000, 16_000), prepared.Samples.Length);
        Assert.All(prepared.Samples, s => Assert.True(float.IsFinite(s)));
    }
}
