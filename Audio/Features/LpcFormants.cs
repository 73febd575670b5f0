using System.Numerics;
using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// Formant frequencies and bandwidths of one frame from linear prediction: the 25 ms frame
/// (400 samples at 16 kHz) is pre-emphasised (x[n] − 0.97 x[n−1]), Hamming-windowed, and an
/// order-<see cref="Order"/> predictor A(z) = 1 + Σ aₖ z⁻ᵏ fitted by the autocorrelation method
/// (Levinson–Durbin). Formants are roots of A: rather than solving for all 16 roots, each
/// peak of the LPC envelope 1/|A(e^{iω})|² below <see cref="MaxHz"/> (a local minimum of |A|² on
/// a 512-point FFT grid, 31.25 Hz apart) seeds Newton's iteration on zᵖA(z) from radius 0.95 at
/// the peak's angle, which polishes it to the nearby root z. A root gives frequency
/// arg(z)·fs/2π and bandwidth −ln|z|·fs/π; roots between <see cref="MinHz"/> and
/// <see cref="MaxHz"/> with bandwidth below <see cref="MaxBandwidthHz"/> are formants, lowest
/// first. Peaks that merge into one (no local minimum of |A|) yield one formant, not two.
/// Immutable and thread-safe; working memory comes in a <see cref="Scratch"/>.
/// </summary>
internal sealed class LpcFormants
{
    public const int Order = 16;
    public const double PreEmphasis = 0.97;
    public const double MinHz = 90;
    public const double MaxHz = 5500;
    public const double MaxBandwidthHz = 800;
    private const int FftSize = 512;
    private const int MaxNewtonSteps = 30;
    private const double StartRadius = 0.95;

    private readonly float[] _hamming = BuildHamming(AcousticFrameAnalyzer.WindowLength);
    private readonly RealFftPower _fft = new(FftSize);

    public Scratch CreateScratch() => new();

    /// <summary>
    /// Formants of the frame starting at sample <paramref name="frameStart"/> (zero-padded past the
    /// end): up to <paramref name="frequencies"/>.Length of them, lowest first, into
    /// <paramref name="frequencies"/> and <paramref name="bandwidths"/> (Hz). Returns how many were found.
    /// </summary>
    public int Estimate(ReadOnlySpan<float> samples, int frameStart, Scratch scratch, Span<double> frequencies, Span<double> bandwidths)
    {
        var frame = scratch.Frame.AsSpan();
        var previous = frameStart > 0 && frameStart - 1 < samples.Length ? samples[frameStart - 1] : 0f;
        for (var n = 0; n < frame.Length; n++)
        {
            var at = frameStart + n;
            var x = at < samples.Length ? samples[at] : 0f;
            frame[n] = (float)(x - (PreEmphasis * previous)) * _hamming[n];
            previous = x;
        }

        var r = scratch.Autocorrelation.AsSpan();
        for (var k = 0; k <= Order; k++)
        {
            r[k] = TensorPrimitives.Dot(frame[..^k], frame[k..]);
        }

        if (!(r[0] > 1e-12))
        {
            return 0;
        }

        var a = scratch.Coefficients.AsSpan();
        if (!Levinson(r, a, scratch.Previous))
        {
            return 0;
        }

        return FromPredictor(a, scratch, frequencies, bandwidths);
    }

    /// <summary>
    /// Formants of the predictor <paramref name="a"/> (a[0] = 1, <see cref="Order"/> + 1 values), as
    /// <see cref="Estimate"/> describes: up to <paramref name="frequencies"/>.Length, lowest first. Returns how many.
    /// </summary>
    internal int FromPredictor(ReadOnlySpan<double> a, Scratch scratch, Span<double> frequencies, Span<double> bandwidths)
    {
        // |A(e^{iω})|² on the FFT grid; its local minima are the envelope's peaks.
        var coefficients = scratch.CoefficientFrame;
        for (var k = 0; k <= Order; k++)
        {
            coefficients[k] = (float)a[k];
        }

        var power = scratch.Power.AsSpan();
        _fft.PowerSpectrum(coefficients, power, scratch.Real, scratch.Imag);
        var lastBin = (int)(MaxHz * FftSize / AcousticFrameAnalyzer.SampleRate);
        var found = 0;
        Span<Complex> roots = stackalloc Complex[frequencies.Length];
        for (var k = 1; k <= lastBin && found < frequencies.Length; k++)
        {
            if (!(power[k] < power[k - 1] && power[k] <= power[k + 1]))
            {
                continue;
            }

            var start = Complex.FromPolarCoordinates(StartRadius, 2 * Math.PI * k / FftSize);
            if (!Polish(a, start, out var z))
            {
                continue;
            }

            var hz = z.Phase * AcousticFrameAnalyzer.SampleRate / (2 * Math.PI);
            var bandwidth = -Math.Log(z.Magnitude) * AcousticFrameAnalyzer.SampleRate / Math.PI;
            if (hz < MinHz || hz > MaxHz || !(bandwidth > 0 && bandwidth < MaxBandwidthHz) || IsKnown(roots[..found], z))
            {
                continue;
            }

            // Insert in frequency order (Newton may land out of the seeds' order).
            var at = found;
            while (at > 0 && frequencies[at - 1] > hz)
            {
                frequencies[at] = frequencies[at - 1];
                bandwidths[at] = bandwidths[at - 1];
                roots[at] = roots[at - 1];
                at--;
            }

            frequencies[at] = hz;
            bandwidths[at] = bandwidth;
            roots[at] = z;
            found++;
        }

        return found;
    }

    /// <summary>Levinson–Durbin: a[0..Order] (a[0] = 1) from the autocorrelation; false if the recursion breaks down.</summary>
    internal static bool Levinson(ReadOnlySpan<double> r, Span<double> a, Span<double> previous)
    {
        a.Clear();
        a[0] = 1;
        var error = r[0] * (1 + 1e-9); // a whisker of white noise keeps near-singular frames solvable
        for (var i = 1; i <= Order; i++)
        {
            var acc = r[i];
            for (var j = 1; j < i; j++)
            {
                acc += a[j] * r[i - j];
            }

            var reflection = -acc / error;
            if (!double.IsFinite(reflection) || Math.Abs(reflection) >= 1)
            {
                return false;
            }

            a[..i].CopyTo(previous);
            for (var j = 1; j < i; j++)
            {
                a[j] = previous[j] + (reflection * previous[i - j]);
            }

            a[i] = reflection;
            error *= 1 - (reflection * reflection);
        }

        return true;
    }

    /// <summary>Newton's iteration on p(z) = zᵖ + a₁zᵖ⁻¹ + … + aₚ from <paramref name="start"/>; the root in the upper half-plane.</summary>
    internal static bool Polish(ReadOnlySpan<double> a, Complex start, out Complex root)
    {
        var z = start;
        for (var step = 0; step < MaxNewtonSteps; step++)
        {
            Complex p = Complex.One, dp = Complex.Zero;
            for (var k = 1; k < a.Length; k++)
            {
                dp = (dp * z) + p;
                p = (p * z) + a[k];
            }

            if (dp == Complex.Zero)
            {
                break;
            }

            var move = p / dp;
            z -= move;
            if (move.Magnitude < 1e-10)
            {
                root = z.Imaginary < 0 ? Complex.Conjugate(z) : z;
                return double.IsFinite(root.Real) && double.IsFinite(root.Imaginary);
            }
        }

        root = default;
        return false;
    }

    private static bool IsKnown(ReadOnlySpan<Complex> roots, Complex z)
    {
        foreach (var known in roots)
        {
            if ((known - z).Magnitude < 1e-6)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Symmetric Hamming, w[n] = 0.54 − 0.46 cos(2πn/(N−1)).</summary>
    private static float[] BuildHamming(int length)
    {
        var window = new float[length];
        for (var n = 0; n < length; n++)
        {
            window[n] = (float)(0.54 - (0.46 * Math.Cos(2 * Math.PI * n / (length - 1))));
        }

        return window;
    }

    /// <summary>Per-call working memory.</summary>
    internal sealed class Scratch
    {
        public float[] Frame { get; } = new float[AcousticFrameAnalyzer.WindowLength];

        public double[] Autocorrelation { get; } = new double[Order + 1];

        public double[] Coefficients { get; } = new double[Order + 1];

        public double[] Previous { get; } = new double[Order + 1];

        public float[] CoefficientFrame { get; } = new float[Order + 1];

        public float[] Power { get; } = new float[(FftSize / 2) + 1];

        public float[] Real { get; } = new float[FftSize / 2];

        public float[] Imag { get; } = new float[FftSize / 2];
    }
}
