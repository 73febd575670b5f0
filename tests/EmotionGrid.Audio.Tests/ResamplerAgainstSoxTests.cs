using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests;

/// <summary>
/// The 16 kHz RAVDESS copies were made from the 48 kHz originals by sox (linear-phase
/// <c>rate</c>, 16-bit with dither). Below 7 kHz, where both resamplers are flat, our output
/// must match sox's sample for sample, which pins both the passband and the timing.
/// </summary>
public sealed class ResamplerAgainstSoxTests(ITestOutputHelper output)
{
    private const double BandHz = 7_000;

    [Fact]
    public void Matches_sox_below_7_kHz_on_every_mono_original()
    {
        var originals = TestData.RavdessFiles("48k/Actor_01");
        var soxFolder = Path.Combine(TestData.RequireRavdess(), "16k", "Actor_01");
        var decoder = new WavDecoder();
        var snrs = new List<double>();
        foreach (var original in originals)
        {
            var source = decoder.Decode(original);
            var soxPath = Path.Combine(soxFolder, Path.GetFileName(original));
            if (source.Channels != 1 || !File.Exists(soxPath))
            {
                continue;
            }

            var ours = PolyphaseResampler.Resample(source.Samples, 48_000, 16_000);
            var sox = decoder.Decode(soxPath).Samples;
            Assert.InRange(Math.Abs(ours.Length - sox.Length), 0, 2);

            var length = Math.Min(ours.Length, sox.Length);
            var oursBand = Signals.BrickwallLowPass(ours.AsSpan(0, length), 16_000, BandHz);
            var soxBand = Signals.BrickwallLowPass(sox.AsSpan(0, length), 16_000, BandHz);
            const int edge = 800; // 50 ms: brickwall ringing and zero-padding transients
            var snr = Signals.SnrDb(soxBand.AsSpan(edge, length - (2 * edge)), oursBand.AsSpan(edge, length - (2 * edge)));
            output.WriteLine($"{Path.GetFileName(original)}: {snr:0.0} dB");
            snrs.Add(snr);
        }

        Assert.True(snrs.Count >= 30, $"only {snrs.Count} mono originals had a 16 kHz copy");
        output.WriteLine($"files {snrs.Count}, mean {snrs.Average():0.0} dB, min {snrs.Min():0.0} dB");
        Assert.All(snrs, snr => Assert.True(snr >= 40, $"SNR {snr:0.0} dB vs sox"));
    }
}
