using System.Globalization;

namespace EmotionGrid.Bench;

/// <summary>
/// <c>pipeline [--baseline SILO.dll] [--files N] [--rounds R] [--warm-up W]</c>: this checkout's silo against another build
/// (e.g. the last one before a change), in alternating rounds on a fresh data root each: start-up time until
/// <c>/healthz</c> answers, then N real RAVDESS 16 kHz files dropped at once and embedded with the acoustic
/// embedder (files/s); with W, W other files (48 kHz originals) go through first, untimed (a silo past its JIT warm-up, as a
/// long-running one is). Prints each round and the medians' ratios, current / baseline.
/// </summary>
public static class PipelineBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var baseline = Option(args, "--baseline");
        var count = int.Parse(Option(args, "--files") ?? "576", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var warmUp = int.Parse(Option(args, "--warm-up") ?? "0", CultureInfo.InvariantCulture);
        var files = Directory.GetFiles(Path.Combine(BenchData.RavdessRoot(args), "16k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Take(count).ToList();

        // Warm-up files are other content (the 48 kHz originals), so none of them is an alias of a timed file.
        var warmUpFiles = Directory.GetFiles(Path.Combine(BenchData.RavdessRoot(args), "48k"), "*.wav", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Take(warmUp).ToList();
        if (files.Count < count || warmUpFiles.Count < warmUp)
        {
            await output.WriteLineAsync($"found {files.Count} RAVDESS 16 kHz files (wanted {count}) and {warmUpFiles.Count} 48 kHz ones (wanted {warmUp})");
            return 2;
        }

        var variants = new List<(string Name, string? Dll)> { ("current", null) };
        if (baseline is not null)
        {
            variants.Add(("baseline", Path.GetFullPath(baseline)));
        }

        var seconds = files.Sum(f => (new FileInfo(f).Length - 44) / 32_000.0);
        await output.WriteLineAsync($"pipeline: {files.Count} files ({seconds:F0} s of audio), acoustic embedder, {rounds} rounds, {warmUp} warm-up files, default concurrency, {Environment.ProcessorCount} cores");
        var results = variants.ToDictionary(v => v.Name, _ => (Startup: new List<double>(), FilesPerSecond: new List<double>()));
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which build goes first, so drift on a shared machine hits both alike.
            var order = round % 2 == 1 ? variants : Enumerable.Reverse(variants).ToList();
            foreach (var (name, dll) in order)
            {
                var root = Directory.CreateTempSubdirectory("emotiongrid-bench-pipeline-").FullName;
                try
                {
                    await using var silo = await BenchSilo.StartAsync(root, new Dictionary<string, string> { ["EmotionGrid__Embedding__Embedder"] = "acoustic" }, output, dll);
                    if (warmUpFiles.Count > 0)
                    {
                        await silo.ProcessAsync(warmUpFiles);
                    }

                    var elapsed = await silo.ProcessAsync(files);
                    var rate = files.Count / elapsed.TotalSeconds;
                    results[name].Startup.Add(silo.StartupTime.TotalSeconds);
                    results[name].FilesPerSecond.Add(rate);
                    await output.WriteLineAsync($"  round {round} {name,-8}: start-up to /healthz {silo.StartupTime.TotalSeconds:F2} s; {files.Count} files in {elapsed.TotalSeconds:F1} s = {rate:F1} files/s");
                }
                finally
                {
                    TryDelete(root);
                }
            }
        }

        foreach (var (name, (startup, rate)) in results)
        {
            await output.WriteLineAsync($"{name,-8}: start-up median {Median(startup):F2} s; throughput median {Median(rate):F1} files/s");
        }

        if (baseline is not null)
        {
            await output.WriteLineAsync($"current / baseline: start-up {Median(results["current"].Startup) / Median(results["baseline"].Startup):F2}, " +
                $"throughput {Median(results["current"].FilesPerSecond) / Median(results["baseline"].FilesPerSecond):F2}");
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
