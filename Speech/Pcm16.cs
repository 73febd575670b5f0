namespace EmotionGrid.Speech;

/// <summary>Float samples in [-1, 1] to the 16-bit integers speech recognisers take.</summary>
internal static class Pcm16
{
    /// <summary>Scales by 32767, rounds, and clips anything outside [-1, 1] (and NaN, to 0) instead of wrapping.</summary>
    public static void Convert(ReadOnlySpan<float> samples, Span<short> destination)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var scaled = samples[i] * 32767f;
            destination[i] = float.IsNaN(scaled) ? (short)0 : (short)Math.Round(Math.Clamp(scaled, -32768f, 32767f));
        }
    }
}
