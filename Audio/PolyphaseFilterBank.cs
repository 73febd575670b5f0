namespace EmotionGrid.Audio;

/// <summary>
/// The coefficients of a Kaiser-windowed sinc low-pass, split into phases for rational
/// resampling by L/M. Phase p holds the kernel at the fractional input offset p/P, laid out so
/// that tap k multiplies input sample <c>floor(t) - (HalfTaps - 1) + k</c>: one contiguous dot
/// product per output sample. The kernel is symmetric around t, so the filter adds no delay.
/// </summary>
internal sealed class PolyphaseFilterBank
{
    /// <summary>Stopband attenuation: 100 dB puts aliasing far below 16-bit dither.</summary>
    public const double AttenuationDb = 100;

    /// <summary>Flat passband up to this fraction of the lower Nyquist frequency.</summary>
    public const double PassbandFraction = 0.90;

    /// <summary>Beyond this many phases the bank is sampled on a fixed grid and interpolated.</summary>
    public const int MaxExactPhases = 1024;

    private readonly float[] _coefficients;

    private PolyphaseFilterBank(int interpolation, int decimation, int phaseCount, int halfTaps, float[] coefficients)
    {
        Interpolation = interpolation;
        Decimation = decimation;
        PhaseCount = phaseCount;
        HalfTaps = halfTaps;
        _coefficients = coefficients;
    }

    /// <summary>L: output samples per <see cref="Decimation"/> input samples.</summary>
    public int Interpolation { get; }

    /// <summary>M: input samples per <see cref="Interpolation"/> output samples.</summary>
    public int Decimation { get; }

    /// <summary>
    /// Phases stored: L when exact; otherwise a grid of <see cref="MaxExactPhases"/> (plus the
    /// end point 1.0) between which coefficients are interpolated linearly.
    /// </summary>
    public int PhaseCount { get; }

    public bool IsExact => PhaseCount == Interpolation;

    public int HalfTaps { get; }

    public int TapsPerPhase => 2 * HalfTaps;

    public ReadOnlySpan<float> Phase(int index) => _coefficients.AsSpan(index * TapsPerPhase, TapsPerPhase);

    /// <summary>Designs the bank for L/M (already reduced by their gcd).</summary>
    public static PolyphaseFilterBank Design(int interpolation, int decimation)
    {
        // Work in input-sample units: the lower Nyquist is 0.5 cycles/sample when upsampling,
        // 0.5 L/M when downsampling. The stopband starts at that Nyquist, so nothing aliases.
        var nyquist = 0.5 * Math.Min(1.0, (double)interpolation / decimation);
        var transition = (1 - PassbandFraction) * nyquist;
        var cutoff = nyquist - (transition / 2);
        var halfWidth = KaiserWindow.Length(AttenuationDb, transition) / 2;
        var halfTaps = (int)Math.Ceiling(halfWidth) + 1;
        var beta = KaiserWindow.Beta(AttenuationDb);

        var exact = interpolation <= MaxExactPhases;
        var phaseCount = exact ? interpolation : MaxExactPhases;
        var stored = exact ? phaseCount : phaseCount + 1;
        var taps = 2 * halfTaps;
        var coefficients = new float[stored * taps];
        var kernel = new double[taps];
        for (var p = 0; p < stored; p++)
        {
            var fraction = (double)p / phaseCount;
            var sum = 0.0;
            for (var k = 0; k < taps; k++)
            {
                // Distance from the output instant to the input sample this tap multiplies.
                var tau = fraction + halfTaps - 1 - k;
                kernel[k] = 2 * cutoff * Sinc(2 * cutoff * tau) * KaiserWindow.Value(tau / halfWidth, beta);
                sum += kernel[k];
            }

            // Unit DC gain in every phase: no ripple pattern at the L-periodic phase sequence.
            var row = coefficients.AsSpan(p * taps, taps);
            for (var k = 0; k < taps; k++)
            {
                row[k] = (float)(kernel[k] / sum);
            }
        }

        return new PolyphaseFilterBank(interpolation, decimation, phaseCount, halfTaps, coefficients);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
