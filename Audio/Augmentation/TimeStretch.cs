using System.Numerics;

namespace EmotionGrid.Audio.Augmentation;

/// <summary>
/// Changes a clip's duration by <c>1 / rate</c> while keeping its pitch, with a phase vocoder in
/// the manner of <c>librosa.effects.time_stretch</c>, plus identity phase locking.
/// </summary>
/// <remarks>
/// <para>Method: a centred STFT (the clip zero-padded by half a frame on each side) with a
/// periodic Hann window of <see cref="FrameLength"/> samples (1024 at 16 kHz, 64 ms) and a hop of
/// a quarter frame. As in librosa's <c>phase_vocoder</c>, output frame t reads the analysis at
/// fractional frame <c>t · rate</c>, linearly interpolating the magnitudes of the two
/// neighbouring frames, and each bin's phase accumulates its instantaneous frequency (the
/// expected advance <c>2π k hop / n_fft</c> plus the wrapped deviation measured between those two
/// frames), starting from the first frame's phase. One addition to librosa: identity phase
/// locking (Laroche &amp; Dolson 1999): only the spectral peaks carry accumulated phase and the
/// bins around each peak keep their analysed phase offsets to it. Plain librosa loses the
/// vertical phase coherence at the first frame and every onset, which in our measurements cost
/// 9% of a stretched sine's level at rate 0.8 and about a third of speech's RMS at rates near
/// 0.9, with the familiar "phasey" sound. The inverse STFT overlap-adds Hann-windowed frames and
/// divides by the summed squared window, so rate 1 reconstructs the clip to float precision.</para>
/// <para>Transients are still smeared over about a frame at rates far from 1; fine for
/// augmentation in 0.8–1.25. Output length is <c>round(length / rate)</c>; the first and last
/// half frame are the least exact. Thread-safe; a few arrays are allocated per call.</para>
/// </remarks>
public static class TimeStretch
{
    public const double MinRate = 0.25;

    public const double MaxRate = 4;

    /// <summary>
    /// The STFT size used at <paramref name="sampleRate"/>: the smallest power of two covering 64 ms
    /// (1024 at 16 kHz, 2048 at 22.05–32 kHz, 4096 at 44.1/48 kHz), at least 64.
    /// </summary>
    public static int FrameLength(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var samples = (uint)Math.Clamp(Math.Ceiling(0.064 * sampleRate), 64, 1 << 20);
        return (int)BitOperations.RoundUpToPowerOf2(samples);
    }

    /// <summary>The length of <see cref="Apply"/>'s output: <c>round(inputLength / rate)</c>, halves away from zero.</summary>
    public static int OutputLength(int inputLength, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        ValidateRate(rate);
        return (int)Math.Round(inputLength / rate, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Stretches <paramref name="clip"/> to <c>round(length / rate)</c> samples at unchanged pitch:
    /// rate above 1 shortens (faster speech), below 1 lengthens.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> outside [<see cref="MinRate"/>, <see cref="MaxRate"/>].</exception>
    /// <exception cref="ArgumentException"><paramref name="clip"/> holds NaN or infinity.</exception>
    public static float[] Apply(ReadOnlySpan<float> clip, double rate, int sampleRate = 16_000)
    {
        var outputLength = OutputLength(clip.Length, rate);
        var n = FrameLength(sampleRate);
        if (clip.Length == 0)
        {
            return [];
        }

        foreach (var v in clip)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException("the clip holds NaN or infinite samples", nameof(clip));
            }
        }

        var hop = n / 4;
        var bins = (n / 2) + 1;
        var window = HannWindow(n);
        var fft = new Fft(n);

        // Analysis: magnitude and phase of every centred frame.
        var frames = 1 + (clip.Length / hop);
        var magnitude = new float[frames * bins];
        var phase = new float[frames * bins];
        Analyse(clip, fft, window, hop, frames, magnitude, phase);

        // Enough output frames to cover every output sample with full window overlap.
        var outputFrames = Math.Max((int)Math.Ceiling(frames / rate), (int)Math.Ceiling((double)outputLength / hop) + 1);
        var output = new double[outputLength];
        var envelope = new double[outputLength];
        Synthesise(fft, window, hop, rate, frames, magnitude, phase, outputFrames, output, envelope);

        var result = new float[outputLength];
        for (var i = 0; i < outputLength; i++)
        {
            result[i] = envelope[i] > 1e-6 ? (float)(output[i] / envelope[i]) : 0f;
        }

        return result;
    }

    internal static void ValidateRate(double rate)
    {
        if (!(rate is >= MinRate and <= MaxRate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"the stretch rate must lie between {MinRate} and {MaxRate}");
        }
    }

    private static float[] HannWindow(int n)
    {
        var w = new float[n];
        for (var j = 0; j < n; j++)
        {
            w[j] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * j / n)));
        }

        return w;
    }

    /// <summary>Two real frames per complex FFT: frame a in the real part, frame b in the imaginary part.</summary>
    private static void Analyse(ReadOnlySpan<float> clip, Fft fft, float[] window, int hop, int frames, float[] magnitude, float[] phase)
    {
        var n = fft.Size;
        var bins = (n / 2) + 1;
        var re = new float[n];
        var im = new float[n];
        for (var f = 0; f < frames; f += 2)
        {
            FillFrame(clip, window, (f * hop) - (n / 2), re);
            if (f + 1 < frames)
            {
                FillFrame(clip, window, ((f + 1) * hop) - (n / 2), im);
            }
            else
            {
                Array.Clear(im);
            }

            fft.Forward(re, im);
            for (var k = 0; k < bins; k++)
            {
                var mirror = (n - k) & (n - 1);
                float zr = re[k], zi = im[k], mr = re[mirror], mi = im[mirror];
                float ar = 0.5f * (zr + mr), ai = 0.5f * (zi - mi);
                Store(magnitude, phase, (f * bins) + k, ar, ai);
                if (f + 1 < frames)
                {
                    float br = 0.5f * (zi + mi), bi = -0.5f * (zr - mr);
                    Store(magnitude, phase, ((f + 1) * bins) + k, br, bi);
                }
            }
        }
    }

    private static void Store(float[] magnitude, float[] phase, int index, float re, float im)
    {
        magnitude[index] = MathF.Sqrt((re * re) + (im * im));
        phase[index] = MathF.Atan2(im, re);
    }

    private static void FillFrame(ReadOnlySpan<float> clip, float[] window, int start, float[] frame)
    {
        for (var j = 0; j < frame.Length; j++)
        {
            var i = start + j;
            frame[j] = (uint)i < (uint)clip.Length ? clip[i] * window[j] : 0f;
        }
    }

    private static void Synthesise(
        Fft fft, float[] window, int hop, double rate, int frames, float[] magnitude, float[] phase,
        int outputFrames, double[] output, double[] envelope)
    {
        var n = fft.Size;
        var bins = (n / 2) + 1;
        var advance = new double[bins];
        var accumulated = new double[bins];
        for (var k = 0; k < bins; k++)
        {
            advance[k] = 2 * Math.PI * k * hop / n;
            accumulated[k] = phase[k];
        }

        // Spectra of the output frame pair (a, b) awaiting one inverse FFT.
        var aRe = new float[bins];
        var aIm = new float[bins];
        var bRe = new float[bins];
        var bIm = new float[bins];
        var interpolated = new double[bins];
        var locked = new double[bins];
        var re = new float[n];
        var im = new float[n];
        for (var t = 0; t < outputFrames; t += 2)
        {
            NextFrame(t * rate, frames, bins, magnitude, phase, advance, accumulated, aRe, aIm, interpolated, locked);
            var hasB = t + 1 < outputFrames;
            if (hasB)
            {
                NextFrame((t + 1) * rate, frames, bins, magnitude, phase, advance, accumulated, bRe, bIm, interpolated, locked);
            }
            else
            {
                Array.Clear(bRe);
                Array.Clear(bIm);
            }

            // DC and Nyquist of a real frame are real (what an inverse real FFT assumes).
            aIm[0] = aIm[bins - 1] = bIm[0] = bIm[bins - 1] = 0;

            // Z = A + iB over the full Hermitian spectrum; its inverse is a + ib.
            for (var k = 0; k < bins; k++)
            {
                re[k] = aRe[k] - bIm[k];
                im[k] = aIm[k] + bRe[k];
            }

            for (var k = bins; k < n; k++)
            {
                var m = n - k;
                re[k] = aRe[m] + bIm[m];
                im[k] = bRe[m] - aIm[m];
            }

            fft.Inverse(re, im);
            OverlapAdd(re, window, (t * hop) - (n / 2), output, envelope);
            if (hasB)
            {
                OverlapAdd(im, window, ((t + 1) * hop) - (n / 2), output, envelope);
            }
        }
    }

    /// <summary>
    /// One output frame: librosa's phase_vocoder step (interpolated magnitude, accumulated
    /// instantaneous-frequency phase) with identity phase locking (Laroche &amp; Dolson, 1999):
    /// only spectral peaks (local maxima over ±2 bins) keep their accumulated phase; every other
    /// bin takes its peak's output phase plus the analysis phase difference to that peak, in the
    /// nearer analysis frame. Without the lock, the start of the clip (and every onset) leaves
    /// the bins of one partial with inconsistent phases for good, which costs a steady 10–35% of
    /// the level and sounds "phasey"; with it a stationary sine keeps its amplitude. At rate 1
    /// both give back the analysis phases exactly.
    /// </summary>
    private static void NextFrame(
        double step, int frames, int bins, float[] magnitude, float[] phase, double[] advance, double[] accumulated,
        float[] outRe, float[] outIm, double[] interpolated, double[] locked)
    {
        var i0 = (int)step;
        var alpha = step - i0;
        var has0 = i0 < frames;
        var has1 = i0 + 1 < frames;
        var o0 = i0 * bins;
        var o1 = (i0 + 1) * bins;
        var nearer = alpha < 0.5 ? (has0 ? o0 : -1) : (has1 ? o1 : -1);
        for (var k = 0; k < bins; k++)
        {
            double m0 = has0 ? magnitude[o0 + k] : 0, m1 = has1 ? magnitude[o1 + k] : 0;
            interpolated[k] = ((1 - alpha) * m0) + (alpha * m1);
        }

        Lock(interpolated, accumulated, nearer < 0 ? default : phase.AsSpan(nearer, bins), locked);
        for (var k = 0; k < bins; k++)
        {
            var (sin, cos) = MathF.SinCos((float)Wrap(locked[k]));
            outRe[k] = (float)(interpolated[k] * cos);
            outIm[k] = (float)(interpolated[k] * sin);

            double p0 = has0 ? phase[o0 + k] : 0, p1 = has1 ? phase[o1 + k] : 0;
            accumulated[k] = Wrap(locked[k] + advance[k] + Wrap(p1 - p0 - advance[k]));
        }
    }

    /// <summary>The angle in [-π, π] congruent to <paramref name="x"/>.</summary>
    private static double Wrap(double x) => x - (2 * Math.PI * Math.Round(x * (0.5 / Math.PI)));

    /// <summary>Identity phase locking of <paramref name="accumulated"/> around the peaks of <paramref name="magnitude"/>.</summary>
    private static void Lock(double[] magnitude, double[] accumulated, ReadOnlySpan<float> analysisPhase, double[] locked)
    {
        var bins = magnitude.Length;
        accumulated.CopyTo(locked, 0);
        if (analysisPhase.IsEmpty)
        {
            return;
        }

        // Bins from the previous peak's region boundary onwards belong to it, up to the trough
        // (lowest magnitude) before the next peak.
        var previousPeak = -1;
        var regionStart = 0;
        for (var k = 0; k <= bins; k++)
        {
            var isPeak = k < bins && IsPeak(magnitude, k);
            if (!isPeak && k < bins)
            {
                continue;
            }

            if (previousPeak >= 0)
            {
                var regionEnd = k;
                if (k < bins)
                {
                    // Split at the trough between the two peaks.
                    regionEnd = previousPeak + 1;
                    for (var j = previousPeak + 1; j < k; j++)
                    {
                        if (magnitude[j] < magnitude[regionEnd])
                        {
                            regionEnd = j;
                        }
                    }

                    regionEnd++;
                }

                var anchor = accumulated[previousPeak] - analysisPhase[previousPeak];
                for (var j = regionStart; j < regionEnd; j++)
                {
                    locked[j] = anchor + analysisPhase[j];
                }

                regionStart = regionEnd;
            }

            previousPeak = k;
        }
    }

    private static bool IsPeak(double[] magnitude, int k)
    {
        var m = magnitude[k];
        if (m <= 0)
        {
            return false;
        }

        for (var d = -2; d <= 2; d++)
        {
            var j = k + d;
            if (d == 0 || (uint)j >= (uint)magnitude.Length)
            {
                continue;
            }

            // Strictly above the left neighbours, at least the right ones: one peak per plateau.
            if (d < 0 ? magnitude[j] >= m : magnitude[j] > m)
            {
                return false;
            }
        }

        return true;
    }

    private static void OverlapAdd(float[] frame, float[] window, int start, double[] output, double[] envelope)
    {
        var from = Math.Max(0, -start);
        var to = Math.Min(frame.Length, output.Length - start);
        for (var j = from; j < to; j++)
        {
            output[start + j] += frame[j] * window[j];
            envelope[start + j] += window[j] * window[j];
        }
    }
}
