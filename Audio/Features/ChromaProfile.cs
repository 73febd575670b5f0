using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// A 12-bin pitch-class profile (C, C♯, …, B; equal temperament, A4 = 440 Hz) of one power spectrum,
/// built from its spectral peaks in the manner of the Harmonic Pitch Class Profile (Gómez, 2006).
/// At 512 points and 16 kHz the bins are 31.25 Hz apart, wider than a semitone below ~530 Hz, so
/// folding bins onto pitch classes directly would misplace low tones; instead every local maximum of
/// the power spectrum between <see cref="MinHz"/> and <see cref="MaxHz"/> is located precisely by
/// parabolic interpolation of the log power over its three bins, and its power is credited to the
/// pitch classes within ⅔ semitone of that frequency with a cos² weight (window 4/3 semitone). As in
/// librosa's <c>filters.chroma</c>, peaks are also weighted by a Gaussian over octaves centred on
/// 880 Hz with a 2-octave width. The profile is normalised to a maximum of 1 (all zeros when the
/// frame has no peaks). Immutable and thread-safe.
/// </summary>
internal sealed class ChromaProfile
{
    public const int ClassCount = 12;
    public const double MinHz = 50;
    public const double MaxHz = 5000;
    private const double C0Hz = 16.351597831287414; // 440 * 2^(-57/12)
    private const double WindowSemitones = 4.0 / 3.0;
    private const float Radians = (float)(Math.PI / WindowSemitones); // cos² window: zero at ±⅔ semitone
    private const float SilentPower = 1e-20f;
    private const float LogFloor = 1e-30f;

    private readonly double _binHz;
    private readonly int _firstBin;
    private readonly int _lastBin;
    private readonly double[] _octaveWeight;

    public ChromaProfile(int fftSize, int sampleRate)
    {
        BinCount = (fftSize / 2) + 1;
        _binHz = (double)sampleRate / fftSize;
        _firstBin = Math.Max(1, (int)Math.Ceiling(MinHz / _binHz));
        _lastBin = Math.Min(BinCount - 2, (int)Math.Floor(MaxHz / _binHz));
        _octaveWeight = new double[BinCount];
        for (var k = 1; k < BinCount; k++)
        {
            var octaves = Math.Log2(k * _binHz / 27.5); // above A0
            _octaveWeight[k] = Math.Exp(-0.5 * Math.Pow((octaves - 5) / 2, 2));
        }
    }

    public int BinCount { get; }

    /// <summary>Chroma of one frame from <paramref name="power"/> (<see cref="BinCount"/> bins), max-normalised.</summary>
    public void Apply(ReadOnlySpan<float> power, Span<float> chroma)
    {
        chroma = chroma[..ClassCount];
        Span<double> sums = stackalloc double[ClassCount];
        sums.Clear();

        // Peaks are gathered first so that the logarithms and cosines run vectorised over all of them.
        var span = _lastBin - _firstBin + 3;
        Span<float> logPower = stackalloc float[span];
        TensorPrimitives.Max(power.Slice(_firstBin - 1, span), LogFloor, logPower);
        TensorPrimitives.Log(logPower, logPower);
        var maxPeaks = (span / 2) + 1;
        Span<float> pitch = stackalloc float[maxPeaks];
        Span<float> weight = stackalloc float[maxPeaks];
        Span<float> own = stackalloc float[maxPeaks];
        Span<float> neighbour = stackalloc float[maxPeaks];
        var peaks = 0;
        for (var k = _firstBin; k <= _lastBin; k++)
        {
            var p = power[k];
            if (!(p > power[k - 1] && p >= power[k + 1] && p > SilentPower))
            {
                continue;
            }

            var i = k - _firstBin + 1;
            float a = logPower[i - 1], b = logPower[i], c = logPower[i + 1];
            var curvature = a - (2 * b) + c;
            var offset = curvature < 0 ? Math.Clamp(0.5f * (a - c) / curvature, -0.5f, 0.5f) : 0f;
            pitch[peaks] = (float)((k + offset) * _binHz / C0Hz);
            weight[peaks] = (float)(p * _octaveWeight[k]);
            peaks++;
        }

        pitch = pitch[..peaks];
        own = own[..peaks];
        neighbour = neighbour[..peaks];
        TensorPrimitives.Log2(pitch, pitch);
        TensorPrimitives.Multiply(pitch, 12f, pitch); // semitones above C0
        for (var i = 0; i < peaks; i++)
        {
            var distance = pitch[i] - MathF.Round(pitch[i]); // within ±½
            own[i] = distance * Radians;
            neighbour[i] = (1 - MathF.Abs(distance)) * Radians;
        }

        TensorPrimitives.Cos(own, own);
        TensorPrimitives.Cos(neighbour, neighbour);
        for (var i = 0; i < peaks; i++)
        {
            var nearest = (int)MathF.Round(pitch[i]);
            var pitchClass = ((nearest % ClassCount) + ClassCount) % ClassCount;
            sums[pitchClass] += weight[i] * own[i] * own[i];
            if (neighbour[i] > 0)
            {
                var other = (pitchClass + (pitch[i] >= nearest ? 1 : ClassCount - 1)) % ClassCount;
                sums[other] += weight[i] * neighbour[i] * neighbour[i];
            }
        }

        var max = 0.0;
        foreach (var s in sums)
        {
            max = Math.Max(max, s);
        }

        for (var i = 0; i < ClassCount; i++)
        {
            chroma[i] = max > 0 ? (float)(sums[i] / max) : 0f;
        }
    }
}
