using EmotionGrid.Audio.Batching;

namespace EmotionGrid.Audio.Tests.Batching;

/// <summary><see cref="DynamicBatchingOptions.MaxWait"/>: how long a runner waits for a group to fill.</summary>
public sealed class DynamicBatcherWaitTests
{
    [Fact]
    public async Task With_MaxWait_two_requests_arriving_a_moment_apart_share_one_run()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, MaxWait = TimeSpan.FromSeconds(2) });

        var first = batcher.EmbedAsync([Clips.Of(100)]);
        var second = batcher.EmbedAsync([Clips.Of(120)]);

        await Task.WhenAll(first, second).Within();
        Assert.Equal([[100, 120]], inner.Runs);
    }

    [Fact]
    public async Task Without_MaxWait_an_idle_runner_may_run_requests_separately_and_each_gets_its_vectors()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var first = batcher.EmbedAsync([Clips.Of(100, 1)]);
        var second = batcher.EmbedAsync([Clips.Of(120, 2)]);

        Assert.Equal([FakeBatchEmbedder.Expected(Clips.Of(100, 1))], await first.Within());
        Assert.Equal([FakeBatchEmbedder.Expected(Clips.Of(120, 2))], await second.Within());
        Assert.InRange(inner.Runs.Count, 1, 2);
    }

    [Fact]
    public async Task A_run_waits_for_MaxWait_on_the_given_clock_from_the_oldest_clips_arrival()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        using var inner = new FakeBatchEmbedder(clock: clock);
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, MaxWait = TimeSpan.FromHours(1) }, clock);

        var first = batcher.EmbedAsync([Clips.Of(100)]);
        clock.Advance(TimeSpan.FromMinutes(50));
        var second = batcher.EmbedAsync([Clips.Of(120)]);
        Assert.Empty(inner.Runs); // the clock has not reached the deadline, so no runner may start

        // Time moves only here; the runner may arm its timer at any moment, so keep nudging the clock until it runs.
        var both = Task.WhenAll(first, second);
        var patience = Task.Delay(FakeBatchEmbedder.Patience);
        while (!both.IsCompleted && !patience.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(both, Task.Delay(10));
        }

        await both.Within();
        Assert.Equal([[100, 120]], inner.Runs);
        Assert.True(inner.RunTimes[0] - start >= TimeSpan.FromHours(1), $"ran after {inner.RunTimes[0] - start}");
    }

    [Fact]
    public async Task A_full_group_runs_at_once_however_long_MaxWait_is()
    {
        using var inner = new FakeBatchEmbedder();
        var longWait = TimeSpan.FromHours(1);
        using var byCount = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 2, MaxWait = longWait });
        using var byLength = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, MaxBatchSeconds = 1, MaxWait = longWait });

        await Task.WhenAll(byCount.EmbedAsync([Clips.Of(100)]), byCount.EmbedAsync([Clips.Of(110)])).Within();
        await byLength.EmbedAsync([Clips.Of(9000)]).Within(); // a second clip would pad to 2 × 9000 > 16 000 samples

        Assert.Equal([[100, 110], [9000]], inner.Runs);
    }

    [Fact]
    public async Task MaxWait_ends_with_a_partial_group()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, MaxWait = TimeSpan.FromMilliseconds(100) });

        await batcher.EmbedAsync([Clips.Of(100), Clips.Of(100)]).Within();

        Assert.Equal([[100, 100]], inner.Runs);
    }

    [Fact]
    public async Task Dispose_fails_a_request_waiting_for_its_group_to_fill()
    {
        using var inner = new FakeBatchEmbedder();
        var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8, MaxWait = TimeSpan.FromHours(1) });
        var waiting = batcher.EmbedAsync([Clips.Of(100)]);

        batcher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.Within());
        Assert.Empty(inner.Runs);
    }
}
