using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests;

/// <summary>The original RAVDESS 48 kHz files of actor 1: 58 mono, 2 stereo, 16-bit PCM.</summary>
public sealed class RealWavDecodingTests
{
    private static readonly string[] StereoFiles = ["03-01-02-01-01-02-01.wav", "03-01-08-01-02-02-01.wav"];

    [Fact]
    public void All_original_48k_files_decode()
    {
        var files = TestData.RavdessFiles("48k/Actor_01");
        Assert.Equal(60, files.Length);
        var decoder = new WavDecoder();
        foreach (var file in files)
        {
            var audio = decoder.Decode(file);
            var name = Path.GetFileName(file);

            Assert.Equal(48_000, audio.SampleRate);
            Assert.Equal(StereoFiles.Contains(name) ? 2 : 1, audio.Channels);
            Assert.Equal(16, audio.BitsPerSample);
            Assert.Equal("pcm_s16le", audio.Encoding);
            Assert.True(audio.DurationSeconds > 2, $"{name}: {audio.DurationSeconds} s");
            Assert.Empty(audio.Warnings);
            Assert.All(audio.Samples, s => Assert.InRange(s, -1f, 1f));
            Assert.True(Signals.Rms(audio.Samples) > 1e-4, $"{name} decoded to near silence");
        }
    }

    [Fact]
    public void A_real_file_streamed_forward_decodes_identically()
    {
        var file = TestData.RavdessFiles("48k/Actor_01").First(f => f.EndsWith(StereoFiles[0], StringComparison.Ordinal));
        var bytes = File.ReadAllBytes(file);

        var fromPath = new WavDecoder().Decode(file);
        var streamed = new WavDecoder().Decode(new TrickleStream(bytes, 3001));

        Assert.Equal(2, streamed.Channels);
        Assert.Equal(fromPath.Samples, streamed.Samples);
    }
}
