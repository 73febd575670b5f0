using System.Buffers;

namespace EmotionGrid.Audio.Visualization;

/// <summary>Computes <see cref="AudioVisual"/> from 16 kHz mono samples: 25 ms Hann frames, 10 ms hop, 64 HTK mel bands.</summary>
public static class AudioVisualizer
{
    private const int SampleRate = 16_000;
    private const int Window = 400;
    private const int Hop = 160;
    private const int FftSize = 512;
    private const int Bands = 64;
    private static readonly MelFilterbank Mel = new(Bands, FftSize, SampleRate, 0, 8000);
    private static readonly float[] Hann = Enumerable.Range(0, Window).Select(n => (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * n / Window)))).ToArray();

    public static AudioVisual Compute(ReadOnlySpan<float> samples, int maxWaveformBuckets = 1000, int maxFrames = 1500)
    {
        return new AudioVisual((double)samples.Length / SampleRate, Envelope(samples, maxWaveformBuckets), LogMel(samples, maxFrames));
    }

    private static WaveformEnvelope Envelope(ReadOnlySpan<float> samples, int buckets)
    {
        buckets = Math.Max(1, Math.Min(buckets, samples.Length));
        var min = new float[buckets];
        var max = new float[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var slice = samples[(int)((long)b * samples.Length / buckets)..(int)((long)(b + 1) * samples.Length / buckets)];
            (min[b], max[b]) = slice.IsEmpty ? (0f, 0f) : (System.Numerics.Tensors.TensorPrimitives.Min(slice), System.Numerics.Tensors.TensorPrimitives.Max(slice));
        }

        return new WaveformEnvelope(min, max);
    }

    /// <summary>Log-mel frames; long clips average neighbouring frames so at most <paramref name="maxFrames"/> remain.</summary>
    private static LogMelImage LogMel(ReadOnlySpan<float> samples, int maxFrames)
    {
        var frames = Math.Max(1, 1 + ((samples.Length - Window) / Hop));
        var pool = (int)Math.Ceiling((double)frames / maxFrames);
        var output = new float[(frames + pool - 1) / pool][];
        var fft = new Fft(FftSize);
        var frame = new float[Window];
        var power = new float[(FftSize / 2) + 1];
        var re = ArrayPool<float>.Shared.Rent(FftSize);
        var im = ArrayPool<float>.Shared.Rent(FftSize);
        var bands = new float[Bands];
        try
        {
            for (var f = 0; f < frames; f++)
            {
                var start = f * Hop;
                var available = Math.Max(0, Math.Min(Window, samples.Length - start));
                Array.Clear(frame);
                for (var i = 0; i < available; i++)
                {
                    frame[i] = samples[start + i] * Hann[i];
                }

                fft.PowerSpectrum(frame, power, re, im);
                Mel.Apply(power, bands);
                var row = output[f / pool] ??= new float[Bands];
                for (var b = 0; b < Bands; b++)
                {
                    row[b] += (float)(10 * Math.Log10(bands[b] + 1e-10)) / pool;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(re);
            ArrayPool<float>.Shared.Return(im);
        }

        return new LogMelImage(Bands, pool * Hop / (double)SampleRate, output.Length, output);
    }
}
