using System.Diagnostics;

namespace EmotionGrid.Bench;

/// <summary>
/// Single-thread speed as audio seconds per wall second and per CPU second of this process. On a machine other
/// work shares, the CPU figure is what one core would do; the wall figure is what this run saw.
/// </summary>
public static class OneThread
{
    public readonly record struct Speed(double PerWallSecond, double PerCpuSecond);

    public static Speed Measure(double audioSeconds, Action work, int repetitions = 3)
    {
        work(); // warm-up: JIT, caches, decoders made
        var (wall, cpu) = (double.MaxValue, double.MaxValue);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < repetitions; i++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            work();
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpuStart).TotalSeconds);
        }

        return new Speed(audioSeconds / wall, audioSeconds / cpu);
    }
}
