using System.Numerics.Tensors;

namespace EmotionGrid.Audio.Features;

/// <summary>
/// eGeMAPS's spectral balance measures of one frame's power spectrum P[k] (bins of
/// 16000/512 = 31.25 Hz), each in dB:
/// <list type="bullet">
/// <item><description>alpha ratio: 10 log10(Σ P over 50–1000 Hz ÷ Σ P over 1–5 kHz);</description></item>
/// <item><description>Hammarberg index: 10 log10(max P over 0–2 kHz ÷ max P over 2–5 kHz);</description></item>
/// <item><description>spectral slopes 0–500 Hz and 500–1500 Hz: least-squares slope of 10 log10 P[k]
/// against the bin frequency, in dB per kHz (bins whose centres lie in the band, ends included).</description></item>
/// </list>
/// A tiny floor (<see cref="PowerFloor"/>) keeps silence finite: silent frames give 0 everywhere.
/// Immutable and thread-safe.
/// </summary>
internal sealed class SpectralBalance
{
    public const int ValueCount = 4;
    public const float PowerFloor = 1e-10f;

    private readonly int _alphaLow;
    private readonly int _alphaSplit;
    private readonly int _alphaHigh;
    private readonly int _hammarbergSplit;
    private readonly int _hammarbergHigh;
    private readonly int _slopeSplit;
    private readonly int _slopeHigh;
    private readonly float[] _lowSlopeWeights;
    private readonly float[] _highSlopeWeights;

    public SpectralBalance(int fftSize, int sampleRate)
    {
        var binHz = (double)sampleRate / fftSize;
        int Bin(double hz) => (int)Math.Ceiling((hz / binHz) - 1e-9);
        _alphaLow = Bin(50);
        _alphaSplit = Bin(1000);
        _alphaHigh = Bin(5000);
        _hammarbergSplit = Bin(2000);
        _hammarbergHigh = _alphaHigh;
        _slopeSplit = Bin(500);
        _slopeHigh = Bin(1500);
        _lowSlopeWeights = RegressionWeights(0, _slopeSplit, binHz);
        _highSlopeWeights = RegressionWeights(_slopeSplit, _slopeHigh, binHz);
    }

    /// <summary>Alpha ratio, Hammarberg index, slope 0–500 Hz, slope 500–1500 Hz (see the class summary) into <paramref name="values"/>.</summary>
    public void Compute(ReadOnlySpan<float> power, Span<float> values)
    {
        var low = TensorPrimitives.Sum(power[_alphaLow.._alphaSplit]);
        var high = TensorPrimitives.Sum(power[_alphaSplit..(_alphaHigh + 1)]);
        values[0] = 10 * MathF.Log10((low + PowerFloor) / (high + PowerFloor));

        var lowPeak = TensorPrimitives.Max(power[.._hammarbergSplit]);
        var highPeak = TensorPrimitives.Max(power[_hammarbergSplit..(_hammarbergHigh + 1)]);
        values[1] = 10 * MathF.Log10((lowPeak + PowerFloor) / (highPeak + PowerFloor));

        Span<float> db = stackalloc float[_slopeHigh + 1];
        TensorPrimitives.Add(power[..db.Length], PowerFloor, db);
        TensorPrimitives.Log10(db, db);
        values[2] = 10 * TensorPrimitives.Dot(_lowSlopeWeights, db[..(_slopeSplit + 1)]);
        values[3] = 10 * TensorPrimitives.Dot(_highSlopeWeights, db[_slopeSplit..]);
    }

    /// <summary>w[k] with Σ w[k] y[k] = least-squares slope of y against frequency (per kHz) over bins first..last.</summary>
    private static float[] RegressionWeights(int first, int last, double binHz)
    {
        var count = last - first + 1;
        var meanKhz = (first + last) / 2.0 * binHz / 1000;
        double sxx = 0;
        for (var k = first; k <= last; k++)
        {
            var x = (k * binHz / 1000) - meanKhz;
            sxx += x * x;
        }

        var weights = new float[count];
        for (var k = first; k <= last; k++)
        {
            weights[k - first] = (float)(((k * binHz / 1000) - meanKhz) / sxx);
        }

        return weights;
    }
}
