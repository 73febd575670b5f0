namespace EmotionGrid.Audio.Features;

/// <summary>
/// Regression deltas over frames, as <c>torchaudio.functional.compute_deltas</c> (win_length 5,
/// mode "replicate") and HTK compute them: Δx[t] = Σ_{n=1..2} n (x[t+n] − x[t−n]) / (2 Σ n²),
/// frame indices clamped to the clip (edge padding). Second-order deltas are deltas of deltas.
/// </summary>
internal static class RegressionDeltas
{
    public const int Reach = 2;
    private const float Denominator = 10; // 2 * (1 + 4)

    /// <summary>
    /// Δ at frame <paramref name="t"/> of <paramref name="frames"/> (row-major, <paramref name="count"/>
    /// rows of <c>output.Length</c> values).
    /// </summary>
    public static void At(ReadOnlySpan<float> frames, int count, int t, Span<float> output)
    {
        var dim = output.Length;
        output.Clear();
        for (var n = 1; n <= Reach; n++)
        {
            var ahead = frames.Slice(Math.Min(t + n, count - 1) * dim, dim);
            var behind = frames.Slice(Math.Max(t - n, 0) * dim, dim);
            for (var i = 0; i < dim; i++)
            {
                output[i] += n * (ahead[i] - behind[i]);
            }
        }

        for (var i = 0; i < dim; i++)
        {
            output[i] /= Denominator;
        }
    }

    /// <summary>
    /// Δ and ΔΔ at frame <paramref name="t"/>; <paramref name="scratch"/> holds 2·Reach + 1 rows
    /// (<c>(2 Reach + 1) · dim</c> floats) for the neighbouring deltas.
    /// </summary>
    public static void FirstAndSecondAt(ReadOnlySpan<float> frames, int count, int t, Span<float> delta, Span<float> delta2, Span<float> scratch)
    {
        var dim = delta.Length;
        var rows = scratch[..(((2 * Reach) + 1) * dim)];
        for (var n = -Reach; n <= Reach; n++)
        {
            var s = Math.Clamp(t + n, 0, count - 1);
            At(frames, count, s, rows.Slice((n + Reach) * dim, dim));
        }

        rows.Slice(Reach * dim, dim).CopyTo(delta);
        At(rows, (2 * Reach) + 1, Reach, delta2);
    }

    /// <summary>Δ of a whole track (row-major, <paramref name="count"/> × <paramref name="dim"/>).</summary>
    public static float[] Of(ReadOnlySpan<float> frames, int count, int dim)
    {
        var result = new float[count * dim];
        for (var t = 0; t < count; t++)
        {
            At(frames, count, t, result.AsSpan(t * dim, dim));
        }

        return result;
    }
}
