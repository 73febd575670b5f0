using EmotionGrid.Audio.Features;
using static EmotionGrid.Audio.Tests.Features.VoiceSignals;

namespace EmotionGrid.Audio.Tests.Features;

/// <summary>HNR of a periodic voice plus white noise at a known signal-to-noise ratio: r = S / (S + N), so HNR = SNR.</summary>
public sealed class HarmonicsToNoiseTests
{
    private static readonly int Hnr = Index("hnr_db_mean");
    private readonly VoiceFeatureEmbedder _embedder = new();
    private readonly ITestOutputHelper _output;

    public HarmonicsToNoiseTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(160.0)]
    [InlineData(123.4)]
    public void Hnr_follows_the_signal_to_noise_ratio(double hz)
    {
        double[] snrs = [10, 15, 20, 25, 30];
        var measured = new List<double>();
        foreach (var snr in snrs)
        {
            var clip = Noisy(Glide(hz, 2, 0), snr, seed: (int)snr);
            measured.Add(_embedder.Embed(clip)[Hnr]);
            _output.WriteLine($"{hz} Hz, SNR {snr} dB: HNR {measured[^1]:F2} dB");
        }

        for (var i = 0; i < snrs.Length; i++)
        {
            Assert.Equal(snrs[i], measured[i], 1.5);
        }

        Assert.Equal(measured.Order(), measured); // monotonic
    }

    [Fact]
    public void A_clean_periodic_voice_reaches_the_cap()
    {
        var hnr = _embedder.Embed(Glide(160, 1, 0))[Hnr];

        Assert.InRange(hnr, 35, HarmonicsToNoise.MaxDb);
    }

    private static float[] Noisy(float[] clean, double snrDb, int seed)
    {
        var noise = Gaussian(clean.Length, seed);
        var signalPower = clean.Average(v => (double)v * v);
        var noisePower = noise.Average(v => v * v);
        var scale = Math.Sqrt(signalPower / noisePower / Math.Pow(10, snrDb / 10));
        return clean.Select((v, n) => (float)(v + (scale * noise[n]))).ToArray();
    }
}
