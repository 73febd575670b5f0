namespace EmotionGrid.Audio.Features;

/// <summary>
/// Spectral contrast as librosa computes it (<c>librosa.feature.spectral_contrast</c>, fmin 200 Hz,
/// 6 bands, quantile 0.02), for one magnitude spectrum: band edges 0, 200, 400, 800, 1600, 3200,
/// 6400 Hz and Nyquist give 7 bands (the lowest 0–200 Hz, five octaves, and everything above
/// 6400 Hz). Each band takes the bins librosa takes (its lowest bin extended one bin down, the last
/// bin of every band but the top one dropped); peak and valley are the means of its
/// round(0.02 × bins) (at least 1) largest and smallest magnitudes, and the contrast is
/// 10 log10(peak) − 10 log10(valley) with magnitudes floored at <see cref="MagnitudeFloor"/>
/// (librosa applies <c>power_to_db</c> to magnitudes, hence 10 rather than 20; its global
/// <c>top_db</c> clipping is not applied here because it depends on the whole clip).
/// Immutable and thread-safe.
/// </summary>
internal sealed class SpectralContrast
{
    public const int BandCount = 7;
    public const double MinHz = 200;
    public const double Quantile = 0.02;
    public const float MagnitudeFloor = 1e-6f;

    private readonly int[] _start = new int[BandCount];
    private readonly int[] _count = new int[BandCount];
    private readonly int[] _take = new int[BandCount];

    public SpectralContrast(int fftSize, int sampleRate)
    {
        BinCount = (fftSize / 2) + 1;
        var binHz = (double)sampleRate / fftSize;
        for (var k = 0; k < BandCount; k++)
        {
            var low = k == 0 ? 0 : MinHz * Math.Pow(2, k - 1);
            var high = MinHz * Math.Pow(2, k);
            int first = -1, last = -1;
            for (var bin = 0; bin < BinCount; bin++)
            {
                var hz = bin * binHz;
                if (hz >= low && hz <= high)
                {
                    first = first < 0 ? bin : first;
                    last = bin;
                }
            }

            if (first < 0)
            {
                throw new ArgumentException($"spectral contrast band {k} ({low}-{high} Hz) has no FFT bins at {fftSize} points");
            }

            if (k > 0)
            {
                first--;
            }

            if (k == BandCount - 1)
            {
                last = BinCount - 1;
            }

            var selected = last - first + 1;
            _start[k] = first;
            _count[k] = k < BandCount - 1 ? selected - 1 : selected;
            _take[k] = Math.Max(1, (int)Math.Round(Quantile * selected, MidpointRounding.ToEven));
        }
    }

    public int BinCount { get; }

    /// <summary>
    /// Contrast (librosa dB) of each band from <paramref name="magnitude"/> (<see cref="BinCount"/> bins);
    /// <paramref name="scratch"/> holds at least <see cref="BinCount"/> floats.
    /// </summary>
    public void Compute(ReadOnlySpan<float> magnitude, Span<float> contrast, Span<float> scratch)
    {
        for (var k = 0; k < BandCount; k++)
        {
            var band = magnitude.Slice(_start[k], _count[k]);
            var take = _take[k];
            double peak, valley;
            if (take == 1)
            {
                peak = System.Numerics.Tensors.TensorPrimitives.Max(band);
                valley = System.Numerics.Tensors.TensorPrimitives.Min(band);
            }
            else
            {
                var sorted = scratch[..band.Length];
                band.CopyTo(sorted);
                sorted.Sort();
                double low = 0, high = 0;
                for (var i = 0; i < take; i++)
                {
                    low += sorted[i];
                    high += sorted[^(i + 1)];
                }

                valley = low / take;
                peak = high / take;
            }

            contrast[k] = (float)(10 * (Math.Log10(Math.Max(MagnitudeFloor, peak)) - Math.Log10(Math.Max(MagnitudeFloor, valley))));
        }
    }
}
