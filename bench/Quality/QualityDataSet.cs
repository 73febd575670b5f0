using EmotionGrid.Audio;
using EmotionGrid.Audio.Augmentation;
using EmotionGrid.Learning;

namespace EmotionGrid.Bench.Quality;

/// <summary>
/// The evaluation set: RAVDESS 16 kHz, actors 1–16, calm/happy/sad/angry (512 files), embedded by one
/// embedder; rows sorted by file name so every run and the Python peers see the same order. With augmentation,
/// each file also gets the vectors of three variants (speed 0.9, speed 1.1, white noise at 20 dB SNR).
/// <see cref="OtherX"/>/<see cref="OtherSpeakers"/> are the same actors' files of the other emotions (neutral,
/// fearful, disgust, surprised): never labelled, but part of each speaker's statistics, as all of a speaker's
/// files are in the catalog.
/// </summary>
public sealed record QualityDataSet(string[] Files, float[][] X, int[] Y, string[] Speakers, float[][][]? Augmented, float[][] OtherX, string[] OtherSpeakers)
{
    public static readonly string[] Emotions = ["angry", "calm", "happy", "sad"];

    public static readonly string[] AugmentationNames = ["speed0.9", "speed1.1", "noise20dB"];

    public int Actor(int row) => int.Parse(Speakers[row][^2..], System.Globalization.CultureInfo.InvariantCulture);

    public static string[] SelectFiles(string ravdessRoot, bool otherEmotions = false) =>
        [.. Directory.GetFiles(Path.Combine(ravdessRoot, "16k"), "*.wav", SearchOption.AllDirectories)
            .Where(f => DatasetFileName.TryParse(f, out var l) && Emotions.Contains(l.Emotion) != otherEmotions && int.Parse(l.Speaker[^2..], System.Globalization.CultureInfo.InvariantCulture) <= 16)
            .Order(StringComparer.Ordinal)];

    public static QualityDataSet Embed(string[] files, string[] others, IAudioEmbedder embedder, bool augment)
    {
        var otherX = new float[others.Length][];
        Parallel.For(0, others.Length, i =>
        {
            using var stream = File.OpenRead(others[i]);
            otherX[i] = embedder.Embed(new AudioFrontEnd().Prepare(stream).Samples);
        });
        var otherSpeakers = Array.ConvertAll(others, f => DatasetFileName.TryParse(f, out var l) ? l.Speaker : throw new InvalidDataException(f));

        var x = new float[files.Length][];
        var augmented = augment ? new float[files.Length][][] : null;
        Parallel.For(0, files.Length, i =>
        {
            using var stream = File.OpenRead(files[i]);
            var samples = new AudioFrontEnd().Prepare(stream).Samples;
            x[i] = embedder.Embed(samples);
            if (augmented is not null)
            {
                augmented[i] =
                [
                    embedder.Embed(SpeedChange.Apply(samples, 0.9)),
                    embedder.Embed(SpeedChange.Apply(samples, 1.1)),
                    embedder.Embed(WhiteNoise.Add(samples, 20, seed: i)),
                ];
            }
        });
        var labels = Array.ConvertAll(files, f => DatasetFileName.TryParse(f, out var l) ? l : throw new InvalidDataException(f));
        return new QualityDataSet(files, x, Array.ConvertAll(labels, l => Array.IndexOf(Emotions, l.Emotion)),
            Array.ConvertAll(labels, l => l.Speaker), augmented, otherX, otherSpeakers);
    }
}
