using EmotionGrid.Audio;
using EmotionGrid.Learning;

namespace EmotionGrid.Bench.Quality;

/// <summary>
/// The evaluation set: RAVDESS 16 kHz, actors 1–16, calm/happy/sad/angry (512 files), embedded by one
/// embedder; rows sorted by file name so every run and the Python peers see the same order.
/// </summary>
public sealed record QualityDataSet(string[] Files, float[][] X, int[] Y, string[] Speakers, string[] ClassNames)
{
    public static readonly string[] Emotions = ["angry", "calm", "happy", "sad"];

    public static string[] SelectFiles(string ravdessRoot) =>
        [.. Directory.GetFiles(Path.Combine(ravdessRoot, "16k"), "*.wav", SearchOption.AllDirectories)
            .Where(f => DatasetFileName.TryParse(f, out var l) && Emotions.Contains(l.Emotion) && ActorNumber(l.Speaker) <= 16)
            .Order(StringComparer.Ordinal)];

    public static QualityDataSet Embed(string[] files, IAudioEmbedder embedder)
    {
        var x = new float[files.Length][];
        Parallel.For(0, files.Length, i =>
        {
            using var stream = File.OpenRead(files[i]);
            x[i] = embedder.Embed(new AudioFrontEnd().Prepare(stream).Samples);
        });
        var labels = Array.ConvertAll(files, f => DatasetFileName.TryParse(f, out var l) ? l : throw new InvalidDataException(f));
        return new QualityDataSet(files, x, Array.ConvertAll(labels, l => Array.IndexOf(Emotions, l.Emotion)),
            Array.ConvertAll(labels, l => l.Speaker), Emotions);
    }

    private static int ActorNumber(string speaker) => int.Parse(speaker[^2..], System.Globalization.CultureInfo.InvariantCulture);
}
