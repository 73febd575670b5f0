using System.Globalization;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;

namespace EmotionGrid.Bench;

/// <summary>Child process of the front-end benchmark: processes a synthetic 10-minute file one way and prints its peak RSS in MB.</summary>
public static class LongFileMemoryProbe
{
    public static int Run(string[] args, TextWriter output)
    {
        const int minutes = 10;
        var mode = args.FirstOrDefault() ?? "baseline";
        var embedder = new AcousticFeatureEmbedder();
        var frontEnd = new AudioFrontEnd(new WavDecoder());
        embedder.Embed(new float[16_000]); // load the same code in every mode
        switch (mode)
        {
            case "whole":
                embedder.Embed(frontEnd.Prepare(new SyntheticWavStream(minutes * 60, 48_000, 2)).Samples);
                break;
            case "segmented":
                SegmentedEmbedding.Run(frontEnd, embedder, new SyntheticWavStream(minutes * 60, 48_000, 2));
                break;
        }

        output.WriteLine((PeakResidentBytes() / 1e6).ToString("F0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static long PeakResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? Environment.WorkingSet : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
