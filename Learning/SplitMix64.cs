namespace EmotionGrid.Learning;

/// <summary>
/// A tiny seeded generator (SplitMix64). Our own rather than <see cref="Random"/> so that a seed gives
/// the same forests and clusterings on every runtime version, and so per-tree streams can be derived
/// from (seed, index) without sharing state between threads.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>A well-mixed seed for stream <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static ulong Derive(int seed, int index) =>
        Mix(Mix((ulong)(uint)seed) ^ (0x9E3779B97F4A7C15UL * (ulong)(uint)(index + 1)));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>) without modulo bias worth noticing (Lemire's multiply-shift).</summary>
    public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller); used only for starting vectors, so one of the pair is discarded.</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
