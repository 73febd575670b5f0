using System.Diagnostics;

namespace EmotionGrid.Bench;

/// <summary>Best-of-N single-thread timing: audio seconds processed per wall second on one core.</summary>
public static class Throughput
{
    public static double Measure(double audioSeconds, Action work, int repetitions = 5)
    {
        work(); // warm-up: JIT, caches, filter banks
        var best = double.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return audioSeconds / best;
    }
}
