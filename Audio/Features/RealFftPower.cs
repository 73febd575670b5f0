namespace EmotionGrid.Audio.Features;

/// <summary>
/// Power spectrum |X[k]|², k = 0..N/2, of a real frame (zero-padded to N) with one complex FFT of
/// half the size: the even samples go in the real part and the odd samples in the imaginary part of
/// an N/2-point <see cref="Fft"/>, and the two half-length spectra are untangled with
/// X[k] = E[k] + e^(−2πik/N) O[k]. Same result as <see cref="Fft.PowerSpectrum"/> at about half
/// the cost. Immutable and thread-safe (callers bring their own buffers).
/// </summary>
internal sealed class RealFftPower
{
    private readonly Fft _half;
    private readonly float[] _cos;
    private readonly float[] _sin;

    public RealFftPower(int size)
    {
        _half = new Fft(size / 2);
        Size = size;
        _cos = new float[(size / 2) + 1];
        _sin = new float[(size / 2) + 1];
        for (var k = 0; k <= size / 2; k++)
        {
            var angle = 2 * Math.PI * k / size;
            _cos[k] = (float)Math.Cos(angle);
            _sin[k] = (float)Math.Sin(angle);
        }
    }

    public int Size { get; }

    /// <summary>
    /// |X[k]|² of <paramref name="frame"/> (at most <see cref="Size"/> samples) into
    /// <paramref name="power"/> (Size/2 + 1 bins); <paramref name="real"/> and <paramref name="imag"/>
    /// are Size/2-long scratch buffers.
    /// </summary>
    public void PowerSpectrum(ReadOnlySpan<float> frame, Span<float> power, Span<float> real, Span<float> imag)
    {
        var m = Size / 2;
        if (frame.Length > Size || power.Length < m + 1 || real.Length < m || imag.Length < m)
        {
            throw new ArgumentException($"need a frame of at most {Size} samples, {m + 1} power bins and {m}-long scratch");
        }

        real = real[..m];
        imag = imag[..m];
        real.Clear();
        imag.Clear();
        for (var n = 0; n < frame.Length; n++)
        {
            if ((n & 1) == 0)
            {
                real[n >> 1] = frame[n];
            }
            else
            {
                imag[n >> 1] = frame[n];
            }
        }

        _half.Forward(real, imag);
        for (var k = 0; k <= m; k++)
        {
            var a = k == m ? 0 : k;
            var b = k == 0 ? 0 : m - k;
            float zr = real[a], zi = imag[a], yr = real[b], yi = imag[b];
            float er = 0.5f * (zr + yr), ei = 0.5f * (zi - yi); // even samples' spectrum
            float or = 0.5f * (zi + yi), oi = -0.5f * (zr - yr); // odd samples' spectrum
            float c = _cos[k], s = _sin[k];
            var xr = er + (c * or) + (s * oi);
            var xi = ei + (c * oi) - (s * or);
            power[k] = (xr * xr) + (xi * xi);
        }
    }
}
