using System.Numerics;

namespace EmotionGrid.Audio;

/// <summary>
/// In-place iterative radix-2 complex FFT of a fixed power-of-two size. Twiddles and the
/// bit-reversal permutation are precomputed once; an instance is immutable and can be shared
/// across threads (callers bring their own buffers).
/// </summary>
public sealed class Fft
{
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _bitReversed;

    public Fft(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two, at least 2");
        }

        Size = size;
        _cos = new float[size / 2];
        _sin = new float[size / 2];
        for (var k = 0; k < size / 2; k++)
        {
            // Computed in double so large transforms keep full float accuracy.
            var angle = 2 * Math.PI * k / size;
            _cos[k] = (float)Math.Cos(angle);
            _sin[k] = (float)Math.Sin(angle);
        }

        var bits = BitOperations.Log2((uint)size);
        _bitReversed = new int[size];
        for (var i = 0; i < size; i++)
        {
            _bitReversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }
    }

    public int Size { get; }

    /// <summary>X[k] = sum_n x[n] e^(-2 pi i k n / N), in place.</summary>
    public void Forward(Span<float> real, Span<float> imag) => Transform(real, imag, inverse: false);

    /// <summary>x[n] = (1/N) sum_k X[k] e^(+2 pi i k n / N), in place.</summary>
    public void Inverse(Span<float> real, Span<float> imag)
    {
        Transform(real, imag, inverse: true);
        var scale = 1f / Size;
        System.Numerics.Tensors.TensorPrimitives.Multiply(real[..Size], scale, real);
        System.Numerics.Tensors.TensorPrimitives.Multiply(imag[..Size], scale, imag);
    }

    /// <summary>
    /// |X[k]|^2 for k = 0..N/2 of a real frame (zero-padded to N) into <paramref name="power"/>;
    /// <paramref name="real"/> and <paramref name="imag"/> are N-long scratch buffers.
    /// </summary>
    public void PowerSpectrum(ReadOnlySpan<float> frame, Span<float> power, Span<float> real, Span<float> imag)
    {
        real = real[..Size];
        imag = imag[..Size];
        frame.CopyTo(real);
        real[frame.Length..].Clear();
        imag.Clear();
        Forward(real, imag);
        for (var k = 0; k <= Size / 2; k++)
        {
            power[k] = (real[k] * real[k]) + (imag[k] * imag[k]);
        }
    }

    private void Transform(Span<float> real, Span<float> imag, bool inverse)
    {
        var n = Size;
        if (real.Length < n || imag.Length < n)
        {
            throw new ArgumentException($"buffers must hold at least {n} values");
        }

        real = real[..n];
        imag = imag[..n];
        for (var i = 0; i < n; i++)
        {
            var j = _bitReversed[i];
            if (j > i)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imag[i], imag[j]) = (imag[j], imag[i]);
            }
        }

        var sign = inverse ? 1f : -1f;
        for (var span = 2; span <= n; span <<= 1)
        {
            var half = span >> 1;
            var stride = n / span;
            for (var start = 0; start < n; start += span)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _cos[k * stride];
                    var wi = sign * _sin[k * stride];
                    int a = start + k, b = a + half;
                    var tr = (real[b] * wr) - (imag[b] * wi);
                    var ti = (real[b] * wi) + (imag[b] * wr);
                    real[b] = real[a] - tr;
                    imag[b] = imag[a] - ti;
                    real[a] += tr;
                    imag[a] += ti;
                }
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
