using System.Numerics.Tensors;

namespace EmotionGrid.Audio;

/// <summary>
/// HTK-style mel filterbank: mel(f) = 2595 log10(1 + f/700); band centres equally spaced in mel
/// between <c>MinHz</c> and <c>MaxHz</c>; each filter a triangle in Hz rising from the previous
/// centre to 1 at its own and falling to 0 at the next (unnormalised peaks, as in HTK).
/// Filters are stored sparsely (first bin + weights), so applying one is a short dot product.
/// Immutable and thread-safe.
/// </summary>
public sealed class MelFilterbank
{
    private readonly int[] _firstBin;
    private readonly float[][] _weights;

    public MelFilterbank(int bandCount, int fftSize, int sampleRate, double minHz, double maxHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (minHz < 0 || maxHz <= minHz || maxHz > sampleRate / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxHz), "need 0 <= minHz < maxHz <= sampleRate / 2");
        }

        BandCount = bandCount;
        FftSize = fftSize;
        SampleRate = sampleRate;
        BinCount = (fftSize / 2) + 1;

        var edges = new double[bandCount + 2];
        double melMin = HzToMel(minHz), melMax = HzToMel(maxHz);
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(melMin + ((melMax - melMin) * i / (bandCount + 1)));
        }

        CentreFrequencies = Array.AsReadOnly(edges[1..^1]);
        _firstBin = new int[bandCount];
        _weights = new float[bandCount][];
        var binHz = (double)sampleRate / fftSize;
        for (var b = 0; b < bandCount; b++)
        {
            double lower = edges[b], centre = edges[b + 1], upper = edges[b + 2];
            var first = (int)Math.Floor(lower / binHz) + 1;
            var last = Math.Min(BinCount - 1, (int)Math.Ceiling(upper / binHz) - 1);
            first = Math.Min(first, last + 1);
            var weights = new float[last - first + 1];
            for (var k = first; k <= last; k++)
            {
                weights[k - first] = (float)Triangle(k * binHz, lower, centre, upper);
            }

            _firstBin[b] = first;
            _weights[b] = weights;
        }
    }

    public int BandCount { get; }

    public int FftSize { get; }

    public int SampleRate { get; }

    /// <summary>Power-spectrum bins the filterbank reads: FftSize/2 + 1.</summary>
    public int BinCount { get; }

    /// <summary>The frequency (Hz) at which each band's triangle peaks.</summary>
    public IReadOnlyList<double> CentreFrequencies { get; }

    public static double HzToMel(double hz) => 2595 * Math.Log10(1 + (hz / 700));

    public static double MelToHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>The weight of FFT bin <paramref name="bin"/> in band <paramref name="band"/>.</summary>
    public float Weight(int band, int bin)
    {
        var offset = bin - _firstBin[band];
        return (uint)offset < (uint)_weights[band].Length ? _weights[band][offset] : 0f;
    }

    /// <summary>Band energies from a power spectrum of <see cref="BinCount"/> bins.</summary>
    public void Apply(ReadOnlySpan<float> power, Span<float> bands)
    {
        if (power.Length < BinCount || bands.Length < BandCount)
        {
            throw new ArgumentException($"need {BinCount} power bins and room for {BandCount} bands");
        }

        for (var b = 0; b < BandCount; b++)
        {
            var weights = _weights[b];
            bands[b] = weights.Length == 0 ? 0f : TensorPrimitives.Dot(power.Slice(_firstBin[b], weights.Length), weights);
        }
    }

    private static double Triangle(double hz, double lower, double centre, double upper) =>
        hz <= lower || hz >= upper ? 0
        : hz <= centre ? (hz - lower) / (centre - lower)
        : (upper - hz) / (upper - centre);
}
