using System.Collections.Concurrent;
using EmotionGrid.Audio.Streaming;

namespace EmotionGrid.Audio;

/// <summary>
/// Band-limited rational resampling between any two integer rates with a Kaiser-windowed sinc
/// polyphase filter (100 dB stopband from the lower Nyquist, flat to 90% of it). Linear phase
/// with the delay compensated, like sox's default <c>rate</c>: output sample n is the input at
/// time <c>n * fromRate / toRate</c> exactly, and the input is taken as zero outside the clip.
/// Output length is <c>ceil(inputLength * toRate / fromRate)</c>, so every input instant is covered.
/// Filter banks are designed once per rate ratio and cached; all members are thread-safe.
/// Implemented with <see cref="StreamingResampler"/>, which gives the same output block by block.
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

        // One code path: the batch resampler is the streaming one fed a single block.
        var resampler = new StreamingResampler(fromRate, toRate);
        var written = resampler.Process(input, output);
        resampler.Flush(output[written..]);
    }

    internal static PolyphaseFilterBank BankFor(int fromRate, int toRate)
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
