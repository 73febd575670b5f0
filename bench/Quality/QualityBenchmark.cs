using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;
using EmotionGrid.Learning.Calibration;
using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Learning.Training;

namespace EmotionGrid.Bench.Quality;

/// <summary>
/// Issue "accuracy on unseen speakers": the ablation table on RAVDESS actors 1–16, calm/happy/sad/angry, four
/// outer folds of four actors — features × normalisation × learner × augmentation — with accuracy, macro-F1,
/// per-class recall, expected calibration error and k-means NMI, scikit-learn's RandomForest and
/// LogisticRegression on the same vectors and folds as peers (bench/peers/sklearn_quality.py), and the time to
/// predict a 4 s clip. Targets: accuracy ≥ 0.70, macro-F1 ≥ 0.68 with speaker normalisation (≥ 0.66 without),
/// no recall &lt; 0.50, ECE ≤ 0.05, NMI emotion ≥ 0.30 and &gt; NMI speaker, 4 s clip &lt; 50 ms.
/// </summary>
public static class QualityBenchmark
{
    private const string Python = "/usr/bin/python3";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var root = BenchData.RavdessRoot(args);
        var learners = Option(args, "--learners")?.Split(',') ?? [.. LearnerGrids.Learners, LearnerGrids.Auto];
        var featureSets = Option(args, "--features")?.Split(',') ?? [AcousticFeatureEmbedder.EmbedderId, VoiceFeatureEmbedder.EmbedderId];
        var augmentLearners = Option(args, "--augment-learners")?.Split(',') ?? [ForestLearner.Name, MaxEntLearner.Name, EnsembleLearner.Name, LearnerGrids.Auto];
        var augment = !args.Contains("--no-augment");
        var minFiles = int.Parse(Option(args, "--min-speaker-files") ?? TrainingOptions.DefaultMinSpeakerFiles.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var files = QualityDataSet.SelectFiles(root);
        var others = QualityDataSet.SelectFiles(root, otherEmotions: true);
        await output.WriteLineAsync($"{files.Length} files (RAVDESS 16 kHz, actors 1–16, {string.Join("/", QualityDataSet.Emotions)}); outer folds actors 1–4, 5–8, 9–12, 13–16; min speaker files {minFiles}; {Environment.ProcessorCount} cores");

        var results = new List<QualityResult>();
        var nmi = new List<string>();
        var peers = new List<string>();
        foreach (var features in featureSets)
        {
            var embedder = CreateEmbedder(features);
            var clock = Stopwatch.StartNew();
            var set = QualityDataSet.Embed(files, others, embedder, augment);
            await output.WriteLineAsync($"embedded {features} ({embedder.Dimension} values{(augment ? ", + 3 variants each" : "")}) in {clock.Elapsed.TotalSeconds:F1} s");
            if (Option(args, "--dump") is { } dump)
            {
                Directory.CreateDirectory(dump);
                TrainNpyWriter.WriteMatrix(Path.Combine(dump, $"{features}-x.npy"), set.X);
                TrainNpyWriter.WriteVector(Path.Combine(dump, "y.npy"), set.Y);
                await File.WriteAllTextAsync(Path.Combine(dump, "speakers.json"), JsonSerializer.Serialize(set.Speakers));
            }

            foreach (var normalisation in new[] { NormalisationMode.Global, NormalisationMode.Speaker })
            {
                var (emotionNmi, speakerNmi) = QualityEvaluation.ClusterNmi(set, normalisation, minFiles);
                nmi.Add($"| {features} | {normalisation} | {emotionNmi:F3} | {speakerNmi:F3} |");
                foreach (var learner in learners)
                {
                    clock.Restart();
                    results.Add(QualityEvaluation.Run(set, features, normalisation, learner, augmented: false, minFiles));
                    await output.WriteLineAsync($"  {features} {normalisation} {learner}: {Summary(results[^1])} ({clock.Elapsed.TotalSeconds:F0} s)");
                }

                peers.AddRange(await RunPeersAsync(set, features, normalisation, minFiles, output));
            }

            if (augment && features == featureSets[^1])
            {
                foreach (var learner in augmentLearners)
                {
                    clock.Restart();
                    results.Add(QualityEvaluation.Run(set, features, NormalisationMode.Speaker, learner, augmented: true, minFiles));
                    await output.WriteLineAsync($"  {features} speaker {learner} + augmentation: {Summary(results[^1])} ({clock.Elapsed.TotalSeconds:F0} s)");
                }
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("| features | normalisation | learner | augmentation | accuracy | macro-F1 | recall angry | calm | happy | sad | ECE (uncalibrated) |");
        await output.WriteLineAsync("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var recall = string.Join(" | ", r.Report.PerClass.Select(c => c.Recall.ToString("F2", CultureInfo.InvariantCulture)));
            await output.WriteLineAsync($"| {r.Features} | {r.Normalisation} | {r.Learner} | {(r.Augmented ? "on" : "off")} | {r.Report.Accuracy:F3} | {r.Report.MacroF1:F3} | {recall} | {r.Ece:F3} ({r.UncalibratedEce:F3}) |");
        }

        foreach (var p in peers)
        {
            await output.WriteLineAsync(p);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("| features | normalisation | k-means k=4 NMI emotion | NMI speaker |");
        await output.WriteLineAsync("|---|---|---|---|");
        foreach (var line in nmi)
        {
            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync();
        foreach (var r in results)
        {
            await output.WriteLineAsync($"winners {r.Features} {r.Normalisation} {r.Learner}{(r.Augmented ? " +aug" : "")}: {string.Join("; ", r.Winners)}");
        }

        await PredictionLatencyAsync(files, others, featureSets[^1], minFiles, output);
        return 0;
    }

    /// <summary>
    /// What a user waits for once the audio is in memory: embed a 4 s clip, normalise it with its speaker's
    /// statistics and classify it with a model trained on all 512 files (median of 50, one thread).
    /// </summary>
    private static async Task PredictionLatencyAsync(string[] files, string[] others, string features, int minFiles, TextWriter output)
    {
        var embedder = CreateEmbedder(features);
        var set = QualityDataSet.Embed(files, others, embedder, augment: false);
        var data = QualityEvaluation.Build(set, heldOut: -1, augmented: false);
        var model = EmotionModelTrainer.Train(data, LearnerGrids.For(LearnerGrids.Auto, 1), new TrainingOptions(NormalisationMode.Speaker, minFiles));
        var statistics = model.Normalizer.SpeakerStatisticsOf(data.Vectors, data.Speakers);
        using var stream = File.OpenRead(files[0]);
        var samples = new AudioFrontEnd().Prepare(stream).Samples;
        var clip = new float[4 * 16_000];
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] = samples[i % samples.Length];
        }

        var times = new double[50];
        for (var r = 0; r < times.Length; r++)
        {
            var clock = Stopwatch.StartNew();
            var (z, _) = model.Normalizer.Transform(embedder.Embed(clip), statistics[set.Speakers[0]]);
            _ = TemperatureScaling.Apply(model.Classifier.PredictProbabilities(z), model.Temperature);
            times[r] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var winner = model.Candidates[model.Best];
        await output.WriteLineAsync($"predict a 4 s clip ({features}, {winner.Learner} on all 512 files, speaker-normalised): median {times[times.Length / 2]:F1} ms, max {times[^1]:F1} ms (target < 50 ms)");
    }

    private static async Task<List<string>> RunPeersAsync(QualityDataSet set, string features, string normalisation, int minFiles, TextWriter output)
    {
        var folder = Directory.CreateTempSubdirectory("emotiongrid-quality-");
        try
        {
            var data = QualityEvaluation.Build(set, heldOut: -1, augmented: false);
            var model = new SpeakerNormalizer(normalisation, Learning.Standardizer.Fit(data.Vectors), minFiles);
            var statistics = normalisation == NormalisationMode.Speaker ? model.SpeakerStatisticsOf(data.Vectors, data.Speakers) : new Dictionary<string, SpeakerStatistics>();
            TrainNpyWriter.WriteMatrix(Path.Combine(folder.FullName, "x.npy"), model.TransformAll(data.Vectors, data.Speakers, statistics, out _)[..set.X.Length]);
            TrainNpyWriter.WriteVector(Path.Combine(folder.FullName, "y.npy"), set.Y);
            TrainNpyWriter.WriteVector(Path.Combine(folder.FullName, "folds.npy"), Enumerable.Range(0, set.X.Length).Select(i => QualityEvaluation.OuterFold(set, i)).ToArray());
            var script = Path.Combine(BenchData.RepoRoot(), "bench", "peers", "sklearn_quality.py");
            var start = new ProcessStartInfo(Python, [script, folder.FullName]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                await output.WriteLineAsync($"  scikit-learn peer failed ({process.ExitCode}): {stderr.Trim()}");
                return [];
            }

            return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"| {features} | {normalisation} | {line}")];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IAudioEmbedder CreateEmbedder(string features) => features switch
    {
        AcousticFeatureEmbedder.EmbedderId => new AcousticFeatureEmbedder(),
        VoiceFeatureEmbedder.EmbedderId => new VoiceFeatureEmbedder(),
        _ => throw new ArgumentException($"unknown features '{features}' (acoustic-v1, acoustic-v2)"),
    };

    private static string Summary(QualityResult r) =>
        $"accuracy {r.Report.Accuracy:F3}, macro-F1 {r.Report.MacroF1:F3}, min recall {r.Report.PerClass.Min(c => c.Recall):F2}, ECE {r.Ece:F3}";

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
