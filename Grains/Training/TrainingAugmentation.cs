using EmotionGrid.Audio;
using EmotionGrid.Audio.Augmentation;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning.Training;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Vectors;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Training;

/// <summary>
/// Augmented training rows: for every labelled clip (up to <see cref="MaxSeconds"/>), the vectors of three variants —
/// speed 0.9 and 1.1 (band-limited resampling, so pitch moves too) and white noise at 20 dB SNR — the augmentation
/// the ablation showed helps on held-out speakers (bench quality, docs/accuracy.md). Each variant of a speaker is
/// normalised as a speaker of its own (a 10 % faster voice is another voice) but stays in the original speaker's
/// cross-validation group, and variants are only ever trained on, never scored. Variant vectors are cached in the
/// blob store (<c>embeddings/augmented/&lt;embedder&gt;/&lt;id&gt;.npy</c>), so a file's audio is decoded and embedded
/// for augmentation once per embedder.
/// </summary>
public sealed class TrainingAugmentation(IFileCatalog catalog, IBlobStore store, VectorReader vectors, AudioFrontEnd frontEnd, ILogger<TrainingAugmentation> logger)
{
    public const double MaxSeconds = 30;

    public static readonly string[] Variants = ["speed0.9", "speed1.1", "noise20dB"];

    public static string Key(string embedder, string id) => $"{BlobContainers.Embeddings}/augmented/{embedder}/{id}.npy";

    /// <summary>The snapshot's training data with the augmented rows of its labelled files appended (train-only).</summary>
    public async Task<TrainingData> AugmentAsync(TrainingData data, TrainingSnapshot snapshot, IAudioEmbedder embedder, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var labelled = Enumerable.Range(0, snapshot.Files.Count).Where(i => data.Labels[i] >= 0).ToArray();
        var variants = new float[labelled.Length][][];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, labelled.Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (k, ct) =>
            {
                variants[k] = await VariantsAsync(snapshot.Files[labelled[k]], embedder, ct) ?? [];
                progress?.Report((double)Interlocked.Increment(ref done) / labelled.Length);
            });

        var rows = new List<float[]>(data.Vectors);
        var speakers = new List<string?>(data.Speakers);
        var labels = new List<int>(data.Labels);
        var groups = new List<string>(data.Groups);
        for (var k = 0; k < labelled.Length; k++)
        {
            var i = labelled[k];
            for (var v = 0; v < variants[k].Length; v++)
            {
                rows.Add(variants[k][v]);
                speakers.Add(data.Speakers[i] is { } s ? $"{s}~{Variants[v]}" : null);
                labels.Add(data.Labels[i]);
                groups.Add(data.Groups[i]);
            }
        }

        var added = rows.Count - data.Vectors.Length;
        logger.LogInformation("Augmentation: {Rows} variant rows for {Files} labelled files", added, labelled.Length);
        return new TrainingData([.. rows], [.. speakers], [.. labels], data.Classes, [.. groups])
        {
            TrainOnly = [.. Enumerable.Range(0, rows.Count).Select(r => r >= data.Vectors.Length)],
        };
    }

    /// <summary>The cached variants, or computed now from the file's audio; null (no variants) for long or unreadable files.</summary>
    private async Task<float[][]?> VariantsAsync(LabelledFile file, IAudioEmbedder embedder, CancellationToken cancellationToken)
    {
        var key = Key(embedder.Id, file.Id);
        if (await store.GetAsync(key, cancellationToken) is not null)
        {
            return await vectors.ReadRowsAsync(key, cancellationToken);
        }

        var record = await catalog.GetAsync(file.Id, cancellationToken);
        if (record is null || record.DurationSeconds is not (> 0 and <= MaxSeconds))
        {
            return null;
        }

        try
        {
            PreparedAudio audio;
            await using (var stream = await store.OpenReadAsync(record.AudioBlob, cancellationToken))
            {
                audio = frontEnd.Prepare(stream);
            }

            var samples = audio.Samples;
            float[][] result =
            [
                embedder.Embed(SpeedChange.Apply(samples, 0.9)),
                embedder.Embed(SpeedChange.Apply(samples, 1.1)),
                embedder.Embed(WhiteNoise.Add(samples, 20, seed: StableSeed(file.Id))),
            ];
            var matrix = result.SelectMany(r => r).ToArray();
            await using var npy = new MemoryStream();
            NpyFormat.Write(npy, matrix, [result.Length, result[0].Length]);
            npy.Position = 0;
            await store.WriteAsync(key, npy, overwrite: true, cancellationToken);
            return result;
        }
        catch (Exception e) when (e is AudioFormatException or IOException or BlobNotFoundException)
        {
            logger.LogWarning(e, "No augmentation for {FileId}: its audio could not be read", file.Id);
            return null;
        }
    }

    /// <summary>FNV-1a of the id: the same noise for the same file on every silo and run.</summary>
    private static int StableSeed(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
