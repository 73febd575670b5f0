namespace EmotionGrid.Speech.Tests;

/// <summary>Synthetic 16 kHz test signals.</summary>
internal static class Signal
{
    public const int Rate = 16_000;

    public static float[] Silence(double seconds, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, (int)(seconds * Rate)).Select(_ => (float)(noise * ((random.NextDouble() * 2) - 1)))];
    }

    public static float[] Tone(double seconds, double amplitude, double hz = 220) =>
        [.. Enumerable.Range(0, (int)(seconds * Rate)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate)))];

    public static float[] Concat(params float[][] parts) => [.. parts.SelectMany(p => p)];

    public static short[] Pcm(float[] samples)
    {
        var pcm = new short[samples.Length];
        Pcm16.Convert(samples, pcm);
        return pcm;
    }
}
