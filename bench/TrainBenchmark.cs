using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmotionGrid.Learning;

namespace EmotionGrid.Bench;

/// <summary>
/// Issue "training": our k-means and random forest against scikit-learn at the same settings, on a
/// synthetic 10 000 × 768 mixture and on the real RAVDESS acoustic vectors. Both sides get the same
/// standardised-by-themselves data, the same k, the same forest parameters (max_features √d,
/// n_jobs = our parallelism = all cores) and the same speaker-grouped folds (written to the .npy), and
/// time only fit + predict (the Python peer times itself). Targets: time ratio ours/sklearn ≤ 1.0,
/// accuracy within 2 points.
/// </summary>
public static class TrainBenchmark
{
    private const string Python = "/usr/bin/python3";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        WarmUp();
        var sets = new List<TrainDataSet> { TrainDataSet.Synthetic() };
        await output.WriteLineAsync($"embedding RAVDESS 16 kHz files (acoustic-v1) …");
        sets.Add(TrainDataSet.Ravdess(BenchData.RavdessRoot(args), out _));
        await output.WriteLineAsync($"{Environment.ProcessorCount} cores; forests use all of them on both sides; times are fit + predict only");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"data set",-28} {"task",-26} {"ours s",8} {"sklearn s",10} {"ratio",6} {"ours",8} {"sklearn",8} {"Δ pts",6} {"inertia ours/sk",16}");
        foreach (var set in sets)
        {
            var folds = GroupStratifiedKFold.Split(set.Y, set.Groups, set.Folds, seed: 0);
            var foldOfRow = new int[set.X.Length];
            for (var f = 0; f < folds.Count; f++)
            {
                foreach (var i in folds[f].Test)
                {
                    foldOfRow[i] = f;
                }
            }

            var ours = RunOurs(set, folds);
            var peer = await RunPeerAsync(set, foldOfRow);
            string Ratio(double a, double? b) => b is { } v ? (a / v).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
            string Seconds(double? s) => s?.ToString("F2", CultureInfo.InvariantCulture) ?? "n/a";
            await output.WriteLineAsync(
                $"{set.Name,-28} {$"k-means k={set.Clusters}, 10 restarts",-26} {ours.KMeansSeconds,8:F2} {Seconds(peer?.KMeansSeconds),10} {Ratio(ours.KMeansSeconds, peer?.KMeansSeconds),6} {"",8} {"",8} {"",6} {Ratio(ours.Inertia, peer?.Inertia),16}");
            var forest = $"forest {set.Forest.Trees} trees, {set.ScoredFolds.Length}/{set.Folds} folds";
            var delta = peer is null ? "n/a" : (100 * (ours.Accuracy - peer.Accuracy)).ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
            await output.WriteLineAsync(
                $"{"",-28} {forest,-26} {ours.ForestSeconds,8:F2} {Seconds(peer?.ForestSeconds),10} {Ratio(ours.ForestSeconds, peer?.ForestSeconds),6} {ours.Accuracy,8:P1} {(peer is null ? "n/a" : peer.Accuracy.ToString("P1", CultureInfo.InvariantCulture)),8} {delta,6}");
        }

        return 0;
    }

    private static OurResult RunOurs(TrainDataSet set, IReadOnlyList<Fold> folds)
    {
        var standardised = Standardizer.Fit(set.X).Transform(set.X);
        var clock = Stopwatch.StartNew();
        var clustering = KMeans.Fit(standardised, set.Clusters, restarts: 10, seed: 0);
        var kMeansSeconds = clock.Elapsed.TotalSeconds;

        var parameters = set.Forest with { Parallelism = Environment.ProcessorCount };
        var correct = 0;
        var scored = 0;
        clock.Restart();
        foreach (var f in set.ScoredFolds)
        {
            var train = folds[f].Train;
            var model = RandomForestClassifier.Fit(Array.ConvertAll(train, i => set.X[i]), Array.ConvertAll(train, i => set.Y[i]), set.Clusters, parameters);
            var predicted = model.Predict(Array.ConvertAll(folds[f].Test, i => set.X[i]));
            for (var t = 0; t < predicted.Length; t++)
            {
                correct += predicted[t] == set.Y[folds[f].Test[t]] ? 1 : 0;
            }

            scored += predicted.Length;
        }

        return new OurResult(kMeansSeconds, clustering.Inertia, clock.Elapsed.TotalSeconds, (double)correct / scored);
    }

    private static async Task<PeerResult?> RunPeerAsync(TrainDataSet set, int[] foldOfRow)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"emotiongrid-train-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            TrainNpyWriter.WriteMatrix(Path.Combine(folder, "x.npy"), set.X);
            TrainNpyWriter.WriteVector(Path.Combine(folder, "y.npy"), set.Y);
            TrainNpyWriter.WriteVector(Path.Combine(folder, "folds.npy"), foldOfRow);
            var settings = new
            {
                k = set.Clusters,
                trees = set.Forest.Trees,
                max_depth = set.Forest.MaxDepth,
                min_samples_leaf = set.Forest.MinSamplesLeaf,
                n_jobs = Environment.ProcessorCount,
                scored_folds = set.ScoredFolds,
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "settings.json"), JsonSerializer.Serialize(settings));
            var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(BenchData.RepoRoot(), "bench", "peers", "sklearn_train.py"));
            info.ArgumentList.Add(folder);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                await Console.Error.WriteLineAsync($"sklearn peer failed ({Python}; needs python3-sklearn python3-numpy): {stderr.Trim()}");
                return null;
            }

            return JsonSerializer.Deserialize<PeerResult>(await stdout);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await Console.Error.WriteLineAsync($"sklearn peer not run: {Python}: {e.Message}");
            return null;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>JIT and thread-pool warm-up so the first timed fit is not charged for them.</summary>
    private static void WarmUp()
    {
        var random = new Random(1);
        var x = Enumerable.Range(0, 500).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var y = x.Select(r => r[0] > 0.5f ? 1 : 0).ToArray();
        KMeans.Fit(x, 3, restarts: 2);
        RandomForestClassifier.Fit(x, y, 2, new ForestParameters(Trees: 20)).Predict(x);
    }

    private sealed record OurResult(double KMeansSeconds, double Inertia, double ForestSeconds, double Accuracy);

    private sealed record PeerResult(
        [property: System.Text.Json.Serialization.JsonPropertyName("kmeans_seconds")] double KMeansSeconds,
        [property: System.Text.Json.Serialization.JsonPropertyName("kmeans_inertia")] double Inertia,
        [property: System.Text.Json.Serialization.JsonPropertyName("forest_seconds")] double ForestSeconds,
        [property: System.Text.Json.Serialization.JsonPropertyName("forest_accuracy")] double Accuracy);
}
