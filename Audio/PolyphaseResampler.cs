using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace EmotionGrid.Audio;

/// <summary>
/// Band-limited rational resampling between any two integer rates with a Kaiser-windowed sinc
/// polyphase filter (100 dB stopband from the lower Nyquist, flat to 90% of it). Linear phase
/// with the delay compensated, like sox's default <c>rate</c>: output sample n is the input at
/// time <c>n * fromRate / toRate</c> exactly, and the input is taken as zero outside the clip.
/// Output length is <c>ceil(inputLength * toRate / fromRate)</c>, so every input instant is covered.
/// Filter banks are designed once per rate ratio and cached; all members are thread-safe.
/// </summary>
public static class PolyphaseResampler
{
    private static readonly ConcurrentDictionary<(int L, int M), Lazy<PolyphaseFilterBank>> Banks = new();

    public static int OutputLength(int inputLength, int fromRate, int toRate)
    {
        ValidateRates(fromRate, toRate);
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        var length = ((long)inputLength * toRate + fromRate - 1) / fromRate;
        return length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(inputLength), "the resampled clip would exceed the maximum array length");
    }

    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        var output = new float[OutputLength(input.Length, fromRate, toRate)];
        Resample(input, fromRate, toRate, output);
        return output;
    }

    /// <summary>Resamples into <paramref name="output"/>, whose length must be <see cref="OutputLength"/>.</summary>
    public static void Resample(ReadOnlySpan<float> input, int fromRate, int toRate, Span<float> output)
    {
        var expected = OutputLength(input.Length, fromRate, toRate);
        if (output.Length != expected)
        {
            throw new ArgumentException($"output must hold exactly {expected} samples", nameof(output));
        }

        if (fromRate == toRate)
        {
            input.CopyTo(output);
            return;
        }

        var bank = BankFor(fromRate, toRate);
        if (bank.IsExact)
        {
            ResampleExact(input, bank, output);
        }
        else
        {
            ResampleInterpolated(input, bank, output);
        }
    }

    private static void ResampleExact(ReadOnlySpan<float> input, PolyphaseFilterBank bank, Span<float> output)
    {
        int l = bank.Interpolation, m = bank.Decimation;
        int whole = m / l, step = m % l;
        float[]? edgeBuffer = null;
        var index = 0;
        var phase = 0;
        for (var n = 0; n < output.Length; n++)
        {
            output[n] = TensorPrimitives.Dot(Window(input, index, bank, ref edgeBuffer), bank.Phase(phase));
            index += whole;
            phase += step;
            if (phase >= l)
            {
                phase -= l;
                index++;
            }
        }
    }

    /// <summary>
    /// For ratios with more than <see cref="PolyphaseFilterBank.MaxExactPhases"/> phases the exact
    /// fractional position is kept and the coefficients between the two nearest grid phases are
    /// blended linearly: two dot products per output, error far below the stopband.
    /// </summary>
    private static void ResampleInterpolated(ReadOnlySpan<float> input, PolyphaseFilterBank bank, Span<float> output)
    {
        int l = bank.Interpolation, m = bank.Decimation;
        int whole = m / l, step = m % l;
        var grid = (double)bank.PhaseCount / l;
        float[]? edgeBuffer = null;
        var index = 0;
        var phase = 0;
        for (var n = 0; n < output.Length; n++)
        {
            var position = phase * grid;
            var lower = (int)position;
            var blend = (float)(position - lower);
            var window = Window(input, index, bank, ref edgeBuffer);
            var a = TensorPrimitives.Dot(window, bank.Phase(lower));
            var b = TensorPrimitives.Dot(window, bank.Phase(lower + 1));
            output[n] = a + (blend * (b - a));
            index += whole;
            phase += step;
            if (phase >= l)
            {
                phase -= l;
                index++;
            }
        }
    }

    /// <summary>The input samples under the filter for output at floor-index <paramref name="index"/>; zero beyond the clip.</summary>
    private static ReadOnlySpan<float> Window(ReadOnlySpan<float> input, int index, PolyphaseFilterBank bank, ref float[]? edgeBuffer)
    {
        var taps = bank.TapsPerPhase;
        var start = index - (bank.HalfTaps - 1);
        if (start >= 0 && start + taps <= input.Length)
        {
            return input.Slice(start, taps);
        }

        edgeBuffer ??= new float[taps];
        for (var k = 0; k < taps; k++)
        {
            var i = start + k;
            edgeBuffer[k] = (uint)i < (uint)input.Length ? input[i] : 0f;
        }

        return edgeBuffer;
    }

    private static PolyphaseFilterBank BankFor(int fromRate, int toRate)
    {
        var gcd = Gcd(fromRate, toRate);
        var key = (L: toRate / gcd, M: fromRate / gcd);
        return Banks.GetOrAdd(key, k => new Lazy<PolyphaseFilterBank>(() => PolyphaseFilterBank.Design(k.L, k.M))).Value;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static void ValidateRates(int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
    }
}
