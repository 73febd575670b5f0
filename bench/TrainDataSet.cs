using EmotionGrid.Audio;
using EmotionGrid.Audio.Features;
using EmotionGrid.Learning;

namespace EmotionGrid.Bench;

/// <summary>
/// One benchmark data set for <c>train</c>: vectors, class labels, speaker groups, k for k-means, the
/// forest settings both sides use, and which folds to score (the synthetic set scores one held-out fold
/// because scikit-learn needs most of a minute per 100-tree fit on it).
/// </summary>
public sealed record TrainDataSet(
    string Name, float[][] X, int[] Y, string[] Groups, int Clusters, ForestParameters Forest, int Folds, int[] ScoredFolds)
{
    /// <summary>
    /// 10 000 × 768 Gaussian mixture: 4 classes whose means differ on 64 dimensions (N(0, 0.35²) each),
    /// unit noise everywhere, plus a per-speaker offset (N(0, 0.3²) per dimension) for 40 pseudo-speakers
    /// so that grouping by speaker matters. Tuned so a forest scores about 85 %.
    /// </summary>
    public static TrainDataSet Synthetic(int seed = 2024)
    {
        const int n = 10_000, d = 768, classes = 4, informative = 64, speakers = 40;
        var random = new Random(seed);
        var means = new double[classes][];
        for (var c = 0; c < classes; c++)
        {
            means[c] = new double[d];
            for (var j = 0; j < informative; j++)
            {
                means[c][j] = 0.35 * Gaussian(random);
            }
        }

        var offsets = new double[speakers][];
        for (var s = 0; s < speakers; s++)
        {
            offsets[s] = Array.ConvertAll(new double[d], _ => 0.3 * Gaussian(random));
        }

        var x = new float[n][];
        var y = new int[n];
        var groups = new string[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = random.Next(classes);
            var speaker = random.Next(speakers);
            groups[i] = $"speaker-{speaker:D2}";
            x[i] = new float[d];
            for (var j = 0; j < d; j++)
            {
                x[i][j] = (float)(means[y[i]][j] + offsets[speaker][j] + Gaussian(random));
            }
        }

        return new TrainDataSet("synthetic 10000×768", x, y, groups, classes, new ForestParameters(Trees: 100), Folds: 5, ScoredFolds: [0]);
    }

    /// <summary>The acoustic-v1 vectors of every RAVDESS 16 kHz file, labelled and grouped by the file name.</summary>
    public static TrainDataSet Ravdess(string ravdessRoot, out string[] classNames)
    {
        var files = Directory.GetFiles(Path.Combine(ravdessRoot, "16k"), "*.wav", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        var labels = new DatasetLabel[files.Length];
        var x = new float[files.Length][];
        var embedder = new AcousticFeatureEmbedder();
        Parallel.For(0, files.Length, i =>
        {
            if (!DatasetFileName.TryParse(files[i], out labels[i]))
            {
                throw new InvalidDataException($"not a RAVDESS name: {files[i]}");
            }

            using var stream = File.OpenRead(files[i]);
            x[i] = embedder.Embed(new AudioFrontEnd().Prepare(stream).Samples);
        });

        classNames = [.. labels.Select(l => l.Emotion).Distinct().Order(StringComparer.Ordinal)];
        var names = classNames;
        var y = Array.ConvertAll(labels, l => Array.IndexOf(names, l.Emotion));
        var groups = Array.ConvertAll(labels, l => l.Speaker);
        return new TrainDataSet($"RAVDESS acoustic {files.Length}×{x[0].Length}", x, y, groups, classNames.Length,
            new ForestParameters(Trees: 300), Folds: 5, ScoredFolds: [0, 1, 2, 3, 4]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
