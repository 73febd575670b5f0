using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Models;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Learning.Normalisation;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Vectors;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>
/// A speaker's statistics from their embedded files in a real SQLite catalog and file-system blob store: none
/// below the model's minimum, recomputed once the speaker has a new file and the refresh interval passed.
/// </summary>
public sealed class SpeakerStatisticsCacheTests
{
    private const string Embedder = "test-embedder";

    private static readonly float[] GlobalMean = [0f, 0f, 0f];
    private static readonly float[] GlobalScale = [1f, 1f, 1f];

    [Fact]
    public async Task Too_few_files_give_none_and_a_third_embedded_file_gives_statistics_after_the_refresh_interval()
    {
        await using var world = await CreateAsync();
        var time = new ManualTimeProvider();
        var cache = new SpeakerStatisticsCache(world.Catalog, new VectorReader(world.Store), time);
        var model = Model(NormalisationMode.Speaker, minSpeakerFiles: 3);
        float[][] vectors = [[1f, 10f, -2f], [3f, 14f, -2f], [8f, 9f, 1f]];

        await EmbedAsync(world, "a", "s1", vectors[0]);
        await EmbedAsync(world, "b", "s1", vectors[1]);
        await EmbedAsync(world, "other", "s2", [100f, 100f, 100f]); // another speaker's file counts for nobody else
        await EmbedAsync(world, "nobody", null, [50f, 50f, 50f]);
        Assert.Null(await cache.GetAsync(model, "s1", Ct));

        await EmbedAsync(world, "c", "s1", vectors[2]);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await cache.GetAsync(model, "s1", Ct)); // within the refresh interval: the cached answer

        time.Advance(SpeakerStatisticsCache.RefreshInterval);
        var statistics = await cache.GetAsync(model, "s1", Ct);

        Assert.NotNull(statistics);
        Assert.Equal("s1", statistics.Speaker);
        Assert.Equal(3, statistics.Files);
        AssertClose([4f, 11f, -1f], statistics.Statistics.Mean);
        // population standard deviation of each feature over the three files
        AssertClose([(float)Math.Sqrt(26.0 / 3), (float)Math.Sqrt(14.0 / 3), (float)Math.Sqrt(2)], statistics.Statistics.Scale);

        // the model then uses them
        var (z, used) = model.Normalizer!.Transform(vectors[2], statistics);
        Assert.Equal(NormalisationMode.Speaker, used);
        AssertClose([(8f - 4f) / statistics.Statistics.Scale[0], (9f - 11f) / statistics.Statistics.Scale[1], (1f + 1f) / statistics.Statistics.Scale[2]], z);
    }

    [Fact]
    public async Task Invalidate_reads_the_catalog_again_at_once()
    {
        await using var world = await CreateAsync();
        var time = new ManualTimeProvider();
        var cache = new SpeakerStatisticsCache(world.Catalog, new VectorReader(world.Store), time);
        var model = Model(NormalisationMode.Speaker, minSpeakerFiles: 3);
        float[][] vectors = [[1f, 2f, 3f], [2f, 4f, 3f], [3f, 6f, 9f], [6f, 0f, 1f]];
        for (var i = 0; i < 3; i++)
        {
            await EmbedAsync(world, $"f{i}", "s1", vectors[i]);
        }

        var three = await cache.GetAsync(model, "s1", Ct);
        Assert.Equal(3, three?.Files);
        AssertClose([2f, 4f, 5f], three!.Statistics.Mean);

        await EmbedAsync(world, "f3", "s1", vectors[3]);
        Assert.Same(three, await cache.GetAsync(model, "s1", Ct)); // no time passed

        cache.Invalidate();
        var four = await cache.GetAsync(model, "s1", Ct);

        Assert.Equal(4, four?.Files);
        AssertClose([3f, 3f, 4f], four!.Statistics.Mean);
    }

    [Fact]
    public async Task The_same_files_after_the_refresh_interval_keep_the_same_statistics()
    {
        await using var world = await CreateAsync();
        var time = new ManualTimeProvider();
        var cache = new SpeakerStatisticsCache(world.Catalog, new VectorReader(world.Store), time);
        var model = Model(NormalisationMode.Speaker, minSpeakerFiles: 2);
        await EmbedAsync(world, "a", "s1", [1f, 1f, 1f]);
        await EmbedAsync(world, "b", "s1", [3f, 1f, 2f]);

        var first = await cache.GetAsync(model, "s1", Ct);
        time.Advance(SpeakerStatisticsCache.RefreshInterval * 3);
        var again = await cache.GetAsync(model, "s1", Ct);

        Assert.NotNull(first);
        Assert.Same(first, again);
        AssertClose([2f, 1f, 1.5f], first.Statistics.Mean);
        // a feature the speaker never varies gets the floor (0.1 × the global spread), not Standardizer's 1
        Assert.Equal((float)(SpeakerStatistics.DefaultScaleFloor * GlobalScale[1]), first.Statistics.Scale[1]);
    }

    [Fact]
    public async Task A_global_model_an_unknown_speaker_or_no_speaker_get_none()
    {
        await using var world = await CreateAsync();
        var cache = new SpeakerStatisticsCache(world.Catalog, new VectorReader(world.Store), new ManualTimeProvider());
        for (var i = 0; i < 4; i++)
        {
            await EmbedAsync(world, $"f{i}", "s1", [i, i * 2f, 1f - i]);
        }

        Assert.NotNull(await cache.GetAsync(Model(NormalisationMode.Speaker, minSpeakerFiles: 3), "s1", Ct));
        Assert.Null(await cache.GetAsync(Model(NormalisationMode.Global, minSpeakerFiles: 3, version: 2), "s1", Ct));
        Assert.Null(await cache.GetAsync(Model(NormalisationMode.Speaker, minSpeakerFiles: 3), "s9", Ct));
        Assert.Null(await cache.GetAsync(Model(NormalisationMode.Speaker, minSpeakerFiles: 3), null, Ct));
        Assert.Null(await cache.GetAsync(Model(NormalisationMode.Speaker, minSpeakerFiles: 3), "", Ct));
        Assert.Null(await cache.GetAsync(Model(NormalisationMode.Speaker, minSpeakerFiles: 5, version: 3), "s1", Ct));

        // a format-1 version (no normalisation at all) never asks
        var format1 = new ActiveModel(ActiveModelTests.Document(4, ActiveModelTests.Forest().ToModel()) with { Embedder = Embedder });
        Assert.Null(await cache.GetAsync(format1, "s1", Ct));
    }

    private static ActiveModel Model(string mode, int minSpeakerFiles, int version = 1) =>
        new(ActiveModelTests.Document(version, null, new Learning.Classifiers.ForestEmotionClassifier(ActiveModelTests.Forest()).ToModel(), new ModelNormalisation(mode, minSpeakerFiles, GlobalMean, GlobalScale))
            with { Embedder = Embedder });

    /// <summary>Registers a file and marks it embedded with <paramref name="vector"/> as its .npy, as the processor would.</summary>
    private static async Task EmbedAsync(GrainWorld world, string name, string? speaker, float[] vector)
    {
        var id = Sha256(System.Text.Encoding.UTF8.GetBytes(name));
        var audio = $"processed/{name}.wav";
        var outcome = await world.Catalog.RegisterAsync(new NewFile(id, $"{name}.wav", audio, 1000, Speaker: speaker), Ct);
        Assert.Equal(speaker, outcome.Record.Speaker);
        var key = VectorKey(Embedder, id);
        await world.PutAsync(key, NpyFormat.Write(vector));
        Assert.True(await world.Catalog.TryStartProcessingAsync(id, TestLease.Owner, Ct));
        Assert.True(await world.Catalog.MarkEmbeddedAsync(id, new EmbeddingResult(1.0, 16_000, 1, Embedder, vector.Length, key, audio, []), TestLease.Owner.Owner, Ct));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j], actual[j], 4);
        }
    }
}
