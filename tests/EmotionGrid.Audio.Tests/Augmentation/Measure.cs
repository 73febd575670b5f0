using EmotionGrid.Testing;

namespace EmotionGrid.Audio.Tests.Augmentation;

/// <summary>Measures and inputs shared by the augmentation property tests.</summary>
internal static class Measure
{
    public const int Rate = 16_000;

    /// <summary>
    /// The strongest frequency: Hann window, zero-padded to at least 8× the length (power of two),
    /// peak bin refined by a parabola through the log magnitudes of it and its neighbours.
    /// </summary>
    public static double DominantFrequency(ReadOnlySpan<float> x, int sampleRate = Rate)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)x.Length) * 8;
        var frame = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            frame[i] = (float)(x[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (x.Length - 1)))));
        }

        var fft = new Fft(size);
        var power = new float[(size / 2) + 1];
        fft.PowerSpectrum(frame, power, new float[size], new float[size]);
        var peak = 1;
        for (var k = 2; k < power.Length - 1; k++)
        {
            if (power[k] > power[peak])
            {
                peak = k;
            }
        }

        double a = Math.Log(power[peak - 1] + 1e-30), b = Math.Log(power[peak] + 1e-30), c = Math.Log(power[peak + 1] + 1e-30);
        var delta = 0.5 * (a - c) / (a - (2 * b) + c);
        return (peak + delta) * sampleRate / size;
    }

    /// <summary>10 log10(clip power / power of (noisy - clip)).</summary>
    public static double SnrDb(ReadOnlySpan<float> clip, ReadOnlySpan<float> noisy) => Signals.SnrDb(clip, noisy);

    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        foreach (var v in x)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A real 16 kHz RAVDESS utterance (actor 1, first file); skips when the data is absent.</summary>
    public static float[] Speech()
    {
        var file = TestData.RavdessFiles("16k/Actor_01")[0];
        var audio = new WavDecoder().Decode(file);
        Assert.Equal(Rate, audio.SampleRate);
        return audio.Samples;
    }

    /// <summary>A few RAVDESS utterances of actor 1 (every 15th file: different emotions and statements).</summary>
    public static IEnumerable<(string Name, float[] Samples)> SpeechClips()
    {
        var files = TestData.RavdessFiles("16k/Actor_01");
        for (var i = 0; i < files.Length; i += 15)
        {
            var audio = new WavDecoder().Decode(files[i]);
            Assert.Equal(Rate, audio.SampleRate);
            yield return (Path.GetFileName(files[i]), audio.Samples);
        }
    }
}
