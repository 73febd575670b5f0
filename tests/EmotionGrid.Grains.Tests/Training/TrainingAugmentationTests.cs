using EmotionGrid.Audio.Augmentation;
using EmotionGrid.Audio.Features;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Models;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Grains.Training;
using EmotionGrid.Storage.Vectors;
using Microsoft.Extensions.Logging.Abstractions;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>
/// Augmented training rows from real RAVDESS clips embedded with acoustic-v2 into a real SQLite catalog and
/// file-system blob store: three train-only variants per labelled file, speakers of their own in the original's
/// group, cached so the second run never touches the audio.
/// </summary>
public sealed class TrainingAugmentationTests
{
    [Fact]
    public async Task Labelled_clips_get_three_cached_train_only_variants_in_their_speakers_group()
    {
        var paths = Ravdess.Actor01(4);
        await using var world = await CreateAsync();
        var embedder = new VoiceFeatureEmbedder();
        var processor = world.CreateProcessor(embedder, world.Segments);
        var ids = new List<string>();
        for (var i = 0; i < paths.Length; i++)
        {
            // the last one under a name that says nothing: no label, no speaker
            var name = i < 3 ? Path.GetFileName(paths[i]) : "mystery.wav";
            var command = await world.RegisterAsync(name, await File.ReadAllBytesAsync(paths[i], Ct));
            await processor.ProcessAsync(command.FileId, Ct);
            Assert.Equal(FileStatus.Embedded, (await world.RowAsync(command.FileId)).Status);
            ids.Add(command.FileId);
        }

        var files = (await world.Catalog.ListEmbeddedAsync(embedder.Id, Ct)).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(4, files.Count);
        var reader = new VectorReader(world.Store);
        var snapshot = await reader.SnapshotAsync(files, Ct);
        var labelSet = files.Where(f => f.Label is not null).Select(f => f.Label!).Distinct().ToList();
        var data = TrainingSet.From(snapshot, labelSet).ToTrainingData(snapshot);
        var labelled = Enumerable.Range(0, files.Count).Where(i => data.Labels[i] >= 0).ToArray();
        Assert.Equal(3, labelled.Length);
        Assert.All(labelled, i => Assert.Equal("ravdess-01", data.Speakers[i]));
        var unlabelled = Assert.Single(Enumerable.Range(0, files.Count).Except(labelled));
        Assert.Equal("mystery.wav", files[unlabelled].Name);

        var augmentation = new TrainingAugmentation(world.Catalog, world.Store, reader, world.FrontEnd, NullLogger<TrainingAugmentation>.Instance);
        var reports = new List<double>();
        var augmented = await augmentation.AugmentAsync(data, snapshot, embedder, new SyncProgress(reports), Ct);

        // the originals first, unchanged and scored; then 3 train-only rows per labelled file, in order
        Assert.Equal(files.Count + (3 * labelled.Length), augmented.Vectors.Length);
        Assert.Equal(augmented.Vectors.Length, augmented.Speakers.Length);
        Assert.Equal(augmented.Vectors.Length, augmented.Labels.Length);
        Assert.Equal(augmented.Vectors.Length, augmented.Groups.Length);
        Assert.Equal(data.Classes, augmented.Classes);
        for (var i = 0; i < files.Count; i++)
        {
            Assert.Same(data.Vectors[i], augmented.Vectors[i]);
            Assert.Equal((data.Speakers[i], data.Labels[i], data.Groups[i]), (augmented.Speakers[i], augmented.Labels[i], augmented.Groups[i]));
            Assert.False(augmented.TrainOnly![i]);
        }

        Assert.Equal(labelled, augmented.LabelledRows());
        Assert.Equal(3 * labelled.Length, augmented.TrainOnlyRows().Length);
        for (var k = 0; k < labelled.Length; k++)
        {
            var original = labelled[k];
            for (var v = 0; v < 3; v++)
            {
                var row = files.Count + (3 * k) + v;
                Assert.True(augmented.TrainOnly![row]);
                Assert.Equal($"{data.Speakers[original]}~{TrainingAugmentation.Variants[v]}", augmented.Speakers[row]);
                Assert.Equal(data.Groups[original], augmented.Groups[row]);
                Assert.Equal(data.Labels[original], augmented.Labels[row]);
                Assert.Equal(embedder.Dimension, augmented.Vectors[row].Length);
                Assert.All(augmented.Vectors[row], x => Assert.True(float.IsFinite(x)));
                Assert.NotEqual(data.Vectors[original], augmented.Vectors[row]);
            }
        }

        Assert.Equal<string?>(["ravdess-01~speed0.9", "ravdess-01~speed1.1", "ravdess-01~noise20dB"], augmented.Speakers.Skip(files.Count).Take(3));
        Assert.Equal(labelled.Length, reports.Count);
        Assert.Equal(1.0, reports.Max(), 6);

        // each labelled file's variants are cached as a 3 × d .npy holding exactly the rows returned; none for the unlabelled one
        for (var k = 0; k < labelled.Length; k++)
        {
            var key = TrainingAugmentation.Key(embedder.Id, files[labelled[k]].Id);
            Assert.Equal($"embeddings/augmented/acoustic-v2/{files[labelled[k]].Id}.npy", key);
            var (matrix, shape) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(key)));
            Assert.Equal([3, embedder.Dimension], shape);
            Assert.Equal(augmented.Vectors[(files.Count + (3 * k))..(files.Count + (3 * k) + 3)].SelectMany(r => r).ToArray(), matrix);
        }

        Assert.Null(await world.Store.GetAsync(TrainingAugmentation.Key(embedder.Id, files[unlabelled].Id), Ct));

        // the speed-0.9 variant is exactly the embedding of the clip slowed down
        var first = files[labelled[0]];
        await using (var stream = await world.Store.OpenReadAsync((await world.RowAsync(first.Id)).AudioBlob, Ct))
        {
            var samples = world.FrontEnd.Prepare(stream).Samples;
            Assert.Equal(embedder.Embed(SpeedChange.Apply(samples, 0.9)), augmented.Vectors[files.Count]);
        }

        // the second run reads the cache: with the audio gone it still gives the same rows
        foreach (var id in ids)
        {
            await world.Store.DeleteAsync((await world.RowAsync(id)).AudioBlob, Ct);
        }

        var again = await new TrainingAugmentation(world.Catalog, world.Store, reader, world.FrontEnd, NullLogger<TrainingAugmentation>.Instance)
            .AugmentAsync(data, snapshot, embedder, null, Ct);

        Assert.Equal(augmented.Vectors.Length, again.Vectors.Length);
        for (var row = 0; row < again.Vectors.Length; row++)
        {
            Assert.Equal(augmented.Vectors[row], again.Vectors[row]);
        }

        Assert.Equal(augmented.Speakers, again.Speakers);
        Assert.Equal(augmented.Labels, again.Labels);
        Assert.Equal(augmented.Groups, again.Groups);
        Assert.Equal(augmented.TrainOnly, again.TrainOnly);
    }

    [Fact]
    public async Task A_labelled_file_whose_audio_is_gone_and_not_cached_gets_no_variants()
    {
        var path = Ravdess.Actor01(1)[0];
        await using var world = await CreateAsync();
        var embedder = new VoiceFeatureEmbedder();
        var command = await world.RegisterAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path, Ct));
        await world.CreateProcessor(embedder, world.Segments).ProcessAsync(command.FileId, Ct);
        await world.Store.DeleteAsync((await world.RowAsync(command.FileId)).AudioBlob, Ct);

        var files = await world.Catalog.ListEmbeddedAsync(embedder.Id, Ct);
        var reader = new VectorReader(world.Store);
        var snapshot = await reader.SnapshotAsync(files, Ct);
        var data = TrainingSet.From(snapshot, [files[0].Label!]).ToTrainingData(snapshot);
        Assert.Equal([0], data.Labels);

        var augmented = await new TrainingAugmentation(world.Catalog, world.Store, reader, world.FrontEnd, NullLogger<TrainingAugmentation>.Instance)
            .AugmentAsync(data, snapshot, embedder, null, Ct);

        Assert.Single(augmented.Vectors);
        Assert.Empty(augmented.TrainOnlyRows());
        Assert.Null(await world.Store.GetAsync(TrainingAugmentation.Key(embedder.Id, command.FileId), Ct));
    }

    /// <summary>Progress reported on the caller's thread (Progress&lt;T&gt; posts to the thread pool, after the await returns).</summary>
    private sealed class SyncProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
