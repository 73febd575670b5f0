namespace EmotionGrid.Audio.Tests.Features;

/// <summary>Synthetic voice-like signals with known periods, amplitudes, pitch and formants.</summary>
internal static class VoiceSignals
{
    public const int SampleRate = 16_000;

    /// <summary>
    /// A glottal-like wave (harmonics k = 1..10 at 1/k², starting at phase 0) built period by period:
    /// period i lasts <paramref name="periods"/>[i] samples (fractional) and is scaled by
    /// <paramref name="amplitudes"/>[i]. Each period's peak sits at the same phase
    /// (<see cref="GlottalPeakPhase"/>) of its period, so peak i is at start_i + φ T_i and its height is
    /// exactly amplitude i times the wave's peak.
    /// </summary>
    public static float[] PeriodByPeriod(IReadOnlyList<double> periods, IReadOnlyList<double> amplitudes)
    {
        var total = (int)Math.Floor(periods.Sum());
        var x = new float[total];
        double start = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            var end = start + periods[i];
            for (var n = (int)Math.Ceiling(start); n < Math.Min(total, end); n++)
            {
                x[n] = (float)(0.3 * amplitudes[i] * GlottalWave((n - start) / periods[i]));
            }

            start = end;
        }

        return x;
    }

    /// <summary>A tone whose pitch moves by <paramref name="semitonesPerSecond"/>[j] during segment j of <paramref name="segmentSeconds"/> each.</summary>
    public static float[] Glide(double startHz, double segmentSeconds, params double[] semitonesPerSecond)
    {
        var perSegment = (int)(segmentSeconds * SampleRate);
        var x = new float[perSegment * semitonesPerSecond.Length];
        double phase = 0, semitones = 0;
        for (var n = 0; n < x.Length; n++)
        {
            semitones += semitonesPerSecond[n / perSegment] / SampleRate;
            phase += startHz * Math.Pow(2, semitones / 12) / SampleRate;
            x[n] = (float)(0.3 * GlottalWave(phase - Math.Floor(phase)));
        }

        return x;
    }

    /// <summary>The phase (0–1) at which <see cref="GlottalWave"/> peaks, by a fine search.</summary>
    public static double GlottalPeakPhase { get; } = Enumerable.Range(0, 100_000).Select(i => i / 100_000.0).MaxBy(GlottalWave);

    /// <summary>Σ_{k=1..10} sin(2πkφ)/k², normalised to a peak of about 1.</summary>
    public static double GlottalWave(double phase)
    {
        double sum = 0;
        for (var k = 1; k <= 10; k++)
        {
            sum += Math.Sin(2 * Math.PI * k * phase) / (k * k);
        }

        return sum / 1.2;
    }

    /// <summary>Unit-variance Gaussian noise (Box–Muller), seeded.</summary>
    public static double[] Gaussian(int length, int seed)
    {
        var random = new Random(seed);
        var x = new double[length];
        for (var n = 0; n < length; n++)
        {
            x[n] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return x;
    }

    /// <summary>
    /// An impulse train at <paramref name="f0"/> through the all-pole filter with a conjugate pole pair
    /// per formant: radius exp(−πB/fs) at angle 2πF/fs. Scaled to a peak of 0.5.
    /// </summary>
    public static float[] Vowel(double f0, double seconds, IReadOnlyList<(double Hz, double Bandwidth)> formants)
    {
        var a = AllPole(formants);
        var length = (int)(seconds * SampleRate);
        var y = new double[length];
        double nextPulse = 0;
        for (var n = 0; n < length; n++)
        {
            var v = 0.0;
            if (n >= nextPulse)
            {
                v = 1;
                nextPulse += SampleRate / f0;
            }

            for (var k = 1; k < a.Length && k <= n; k++)
            {
                v -= a[k] * y[n - k];
            }

            y[n] = v;
        }

        var peak = y.Max(Math.Abs);
        return y.Select(v => (float)(0.5 * v / peak)).ToArray();
    }

    /// <summary>A(z) = Π (1 − 2r cos θ z⁻¹ + r² z⁻²) as coefficients a[0..2m], a[0] = 1.</summary>
    public static double[] AllPole(IReadOnlyList<(double Hz, double Bandwidth)> formants)
    {
        double[] a = [1];
        foreach (var (hz, bandwidth) in formants)
        {
            var r = Math.Exp(-Math.PI * bandwidth / SampleRate);
            double[] section = [1, -2 * r * Math.Cos(2 * Math.PI * hz / SampleRate), r * r];
            var product = new double[a.Length + 2];
            for (var i = 0; i < a.Length; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    product[i + j] += a[i] * section[j];
                }
            }

            a = product;
        }

        return a;
    }

    /// <summary>|X[k]|² of the periodic-Hann-windowed 400-sample frame t (hop 160, zero-padded) by a direct 512-point DFT.</summary>
    public static double[] HannPowerByDft(ReadOnlySpan<float> x, int t)
    {
        const int N = 400, Fft = 512;
        var frame = new double[N];
        for (var n = 0; n < N; n++)
        {
            var at = (t * 160) + n;
            frame[n] = at < x.Length ? x[at] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * n / N))) : 0;
        }

        var power = new double[(Fft / 2) + 1];
        for (var k = 0; k < power.Length; k++)
        {
            double re = 0, im = 0;
            for (var n = 0; n < N; n++)
            {
                var angle = 2 * Math.PI * k * n / Fft;
                re += frame[n] * Math.Cos(angle);
                im -= frame[n] * Math.Sin(angle);
            }

            power[k] = (re * re) + (im * im);
        }

        return power;
    }

    public static int FrameCount(int length) => length <= 400 ? 1 : 1 + ((length - 400) / 160);

    /// <summary>numpy.percentile's default ("linear"): position p (n − 1) between order statistics.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var h = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    public static int Index(string name)
    {
        var i = EmotionGrid.Audio.Features.VoiceFeatureEmbedder.FeatureNames.ToList().IndexOf(name);
        return i >= 0 ? i : throw new ArgumentException($"no feature {name}");
    }
}
