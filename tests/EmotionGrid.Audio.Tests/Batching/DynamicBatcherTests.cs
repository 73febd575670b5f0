using EmotionGrid.Audio.Batching;

namespace EmotionGrid.Audio.Tests.Batching;

/// <summary><see cref="DynamicBatcher"/>: results, and how queued clips of several callers are grouped into runs.</summary>
public sealed class DynamicBatcherTests
{
    [Fact]
    public void Describes_the_inner_embedder()
    {
        using var inner = new FakeBatchEmbedder(canPadClips: false);
        var options = new DynamicBatchingOptions { MaxBatch = 4 };
        using var batcher = new DynamicBatcher(inner, options);

        Assert.Equal("fake-v1", batcher.Id);
        Assert.Equal(3, batcher.Dimension);
        Assert.False(batcher.CanPadClips);
        Assert.Same(inner, batcher.Inner);
        Assert.Same(options, batcher.Options);
        Assert.Equal(DynamicBatcherStatistics.Empty, batcher.Statistics);
    }

    [Fact]
    public async Task Vectors_come_in_the_callers_order_and_equal_the_inner_embedding_of_each_clip_alone()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 3 });
        float[][] clips = [Clips.Of(300, 1), Clips.Of(10, 2), Clips.Of(4000, 3), Clips.Of(0), Clips.Of(10, 5), Clips.Of(77, 6), Clips.Of(300, 7)];

        var vectors = await batcher.EmbedAsync(clips).Within();

        Assert.Equal(clips.Select(c => inner.Embed(c)), vectors);
        Assert.Equal(inner.Embed(clips[2]), batcher.Embed(clips[2]));
        Assert.Equal(clips.Select(c => inner.Embed(c)), batcher.EmbedBatch(clips));
        Assert.Empty(await batcher.EmbedAsync([]));
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_vectors()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, Runners = 2 });
        var random = new Random(7);
        var requests = Enumerable.Range(0, 16)
            .Select(r => Enumerable.Range(0, 5).Select(c => Clips.Of(random.Next(100, 2000), seed: (r * 10) + c)).ToArray())
            .ToArray();

        var results = await Task.WhenAll(requests.Select(clips => Task.Run(() => batcher.EmbedAsync(clips)))).Within();

        for (var r = 0; r < requests.Length; r++)
        {
            Assert.Equal(requests[r].Select(FakeBatchEmbedder.Expected), results[r]);
        }

        Assert.All(inner.Runs, run => Assert.InRange(run.Length, 1, 8));
        Assert.Equal(80, inner.Runs.Sum(run => run.Length));
        Assert.Equal(80, batcher.Statistics.Clips);
    }

    [Fact]
    public async Task Clips_queued_behind_a_busy_run_form_the_next_runs_from_several_requests_by_closeness_to_the_oldest()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var busy = await inner.OccupyAsync(batcher, 50);
        float[][] b = [Clips.Of(1000), Clips.Of(5000)];
        float[][] c = [Clips.Of(1100), Clips.Of(4900), Clips.Of(3000)];
        float[][] d = [Clips.Of(1050), Clips.Of(900), Clips.Of(5100), Clips.Of(2000), Clips.Of(4000)];
        var tasks = new[] { b, c, d }.Select(clips => batcher.EmbedAsync(clips)).ToArray();

        inner.Gate.Set();
        var results = await Task.WhenAll(tasks).Within();
        await busy.Within();

        Assert.Equal([b.Select(FakeBatchEmbedder.Expected), c.Select(FakeBatchEmbedder.Expected), d.Select(FakeBatchEmbedder.Expected)], results);
        Assert.Equal([[50], [1000, 1050, 1100, 900, 2000, 3000, 4000, 4900], [5000, 5100]], inner.Runs);
    }

    [Fact]
    public async Task A_run_holds_at_most_MaxBatchSeconds_of_padded_audio_unless_one_clip_is_longer()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, MaxBatchSeconds = 0.5 });
        var busy = await inner.OccupyAsync(batcher, 10);
        var tasks = new[]
        {
            batcher.EmbedAsync([Clips.Of(2000), Clips.Of(2000), Clips.Of(2000)]),
            batcher.EmbedAsync([Clips.Of(2000), Clips.Of(2000), Clips.Of(3000)]),
            batcher.EmbedAsync([Clips.Of(1000), Clips.Of(9000)]),
        };

        inner.Gate.Set();
        await Task.WhenAll(tasks).Within();
        await busy.Within();

        Assert.Equal([[10], [2000, 2000, 2000, 2000], [2000, 3000], [1000], [9000]], inner.Runs);
        Assert.All(inner.Runs.Where(run => run.Length > 1), run => Assert.True(run.Length * run.Max() <= 8000));
    }

    [Fact]
    public async Task Without_padding_only_clips_of_equal_length_share_a_run()
    {
        using var inner = new FakeBatchEmbedder(canPadClips: false);
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var busy = await inner.OccupyAsync(batcher, 50);
        float[][] first = [Clips.Of(100, 1), Clips.Of(200, 2)];
        float[][] second = [Clips.Of(100, 3), Clips.Of(300, 4), Clips.Of(200, 5)];
        float[][] third = [Clips.Of(100, 6)];
        var tasks = new[] { first, second, third }.Select(clips => batcher.EmbedAsync(clips)).ToArray();

        inner.Gate.Set();
        var results = await Task.WhenAll(tasks).Within();
        await busy.Within();

        Assert.Equal([first.Select(FakeBatchEmbedder.Expected), second.Select(FakeBatchEmbedder.Expected), third.Select(FakeBatchEmbedder.Expected)], results);
        Assert.Equal([[50], [100, 100, 100], [200, 200], [300]], inner.Runs);
    }

    [Fact]
    public async Task With_MaxBatch_one_every_run_has_one_clip()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { Runners = 2 });
        var busy = await inner.OccupyAsync(batcher, 50);
        var tasks = new[]
        {
            batcher.EmbedAsync([Clips.Of(10), Clips.Of(20), Clips.Of(30)]),
            batcher.EmbedAsync([Clips.Of(10), Clips.Of(40)]),
        };

        inner.Gate.Set();
        await Task.WhenAll(tasks).Within();
        await busy.Within();

        Assert.Equal(6, inner.Runs.Count);
        Assert.All(inner.Runs, run => Assert.Single(run));
        Assert.Equal(1, batcher.Statistics.LargestRun);
    }

    [Fact]
    public async Task Statistics_count_runs_clips_real_and_padded_samples()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var busy = await inner.OccupyAsync(batcher, 100);
        var queued = batcher.EmbedAsync([Clips.Of(200), Clips.Of(300)]);

        inner.Gate.Set();
        await queued.Within();
        await busy.Within();

        var statistics = batcher.Statistics;
        Assert.Equal(new DynamicBatcherStatistics(Runs: 2, Clips: 3, AudioSamples: 600, PaddedSamples: 100 + (2 * 300), LargestRun: 2), statistics);
        Assert.Equal(1 - (600.0 / 700.0), statistics.PaddingFraction, 12);
        Assert.Equal(0, DynamicBatcherStatistics.Empty.PaddingFraction);
    }

    [Theory]
    [InlineData(nameof(DynamicBatchingOptions.MaxBatch), 0)]
    [InlineData(nameof(DynamicBatchingOptions.MaxBatch), -3)]
    [InlineData(nameof(DynamicBatchingOptions.MaxBatchSeconds), 0)]
    [InlineData(nameof(DynamicBatchingOptions.MaxBatchSeconds), -1)]
    [InlineData(nameof(DynamicBatchingOptions.MaxBatchSeconds), double.NaN)]
    [InlineData(nameof(DynamicBatchingOptions.MaxBatchSeconds), double.PositiveInfinity)]
    [InlineData(nameof(DynamicBatchingOptions.MaxWait), -1)]
    [InlineData(nameof(DynamicBatchingOptions.MaxWait), 1e10)]
    [InlineData(nameof(DynamicBatchingOptions.Runners), 0)]
    [InlineData(nameof(DynamicBatchingOptions.Runners), DynamicBatchingOptions.MaxRunners + 1)]
    public void Unusable_options_are_rejected_naming_the_option(string option, double value)
    {
        using var inner = new FakeBatchEmbedder();
        var options = option switch
        {
            nameof(DynamicBatchingOptions.MaxBatch) => new DynamicBatchingOptions { MaxBatch = (int)value },
            nameof(DynamicBatchingOptions.MaxBatchSeconds) => new DynamicBatchingOptions { MaxBatchSeconds = value },
            nameof(DynamicBatchingOptions.MaxWait) => new DynamicBatchingOptions { MaxWait = TimeSpan.FromMilliseconds(value) },
            _ => new DynamicBatchingOptions { Runners = (int)value },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicBatcher(inner, options));

        Assert.Equal(option, error.ParamName);
    }
}
