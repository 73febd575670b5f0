using EmotionGrid.Audio.Batching;

namespace EmotionGrid.Audio.Tests.Batching;

/// <summary><see cref="DynamicBatcher"/>: failing clips, cancellation and disposal touch only the requests concerned.</summary>
public sealed class DynamicBatcherFailureTests
{
    [Fact]
    public async Task A_failing_clip_fails_only_its_own_request_and_the_run_is_retried_clip_by_clip()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var busy = await inner.OccupyAsync(batcher, 10);
        float[][] a = [Clips.Of(100), Clips.Of(110)];
        float[][] c = [Clips.Of(130)];
        var first = batcher.EmbedAsync(a);
        var failing = batcher.EmbedAsync([Clips.Poisoned(105), Clips.Of(120)]);
        var third = batcher.EmbedAsync(c);

        inner.Gate.Set();

        Assert.Equal(a.Select(FakeBatchEmbedder.Expected), await first.Within());
        Assert.Equal(c.Select(FakeBatchEmbedder.Expected), await third.Within());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Within());
        Assert.Equal("poisoned clip", error.Message);
        await busy.Within();
        // The failed run of five is retried alone; the failed request's other clip (120) is not retried.
        Assert.Equal([[10], [100, 105, 110, 120, 130], [100], [105], [110], [130]], inner.Runs);
        Assert.Equal(6, batcher.Statistics.Runs);
        Assert.Equal(10, batcher.Statistics.Clips);
    }

    [Fact]
    public async Task Null_and_empty_clips_reach_the_inner_embedder_which_decides()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var busy = await inner.OccupyAsync(batcher, 10);
        var empty = batcher.EmbedAsync([Clips.Of(0)]);
        var missing = batcher.EmbedAsync([null!]);

        inner.Gate.Set();

        Assert.Equal([[0f, 0f, 0f]], await empty.Within());
        await Assert.ThrowsAsync<ArgumentNullException>(() => missing.Within());
        await busy.Within();
        Assert.Equal([[10], [0, -1], [0], [-1]], inner.Runs);
    }

    [Fact]
    public async Task Cancelling_a_request_removes_its_queued_clips_and_cancels_its_task()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        using var cancellation = new CancellationTokenSource();
        var busy = await inner.OccupyAsync(batcher, 10);
        var first = batcher.EmbedAsync([Clips.Of(100)]);
        var cancelled = batcher.EmbedAsync([Clips.Of(200), Clips.Of(210), Clips.Of(220)], cancellation.Token);
        var third = batcher.EmbedAsync([Clips.Of(300)]);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.True(cancelled.IsCanceled);
        inner.Gate.Set();
        await Task.WhenAll(first, third, busy).Within();
        Assert.Equal([[10], [100, 300]], inner.Runs);
    }

    [Fact]
    public async Task Cancelling_a_partly_running_request_drops_its_running_vectors_and_its_queued_clips()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions());
        using var cancellation = new CancellationTokenSource();
        inner.Gate.Reset();
        var cancelled = batcher.EmbedAsync([Clips.Of(200), Clips.Of(210)], cancellation.Token);
        await inner.WaitForRunAsync();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        inner.Gate.Set();
        var next = await batcher.EmbedAsync([Clips.Of(300)]).Within();

        Assert.Equal([300f], next.Select(v => v[0]));
        Assert.Equal([[200], [300]], inner.Runs);
        Assert.True(cancelled.IsCanceled);
    }

    [Fact]
    public async Task An_already_cancelled_token_queues_nothing()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });

        var cancelled = batcher.EmbedAsync([Clips.Of(100)], new CancellationToken(canceled: true));

        Assert.True(cancelled.IsCanceled);
        await batcher.EmbedAsync([Clips.Of(5)]).Within();
        Assert.Equal([[5]], inner.Runs);
    }

    [Fact]
    public async Task Dispose_fails_queued_requests_lets_the_running_one_finish_and_is_idempotent()
    {
        using var inner = new FakeBatchEmbedder();
        var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 8 });
        var busy = await inner.OccupyAsync(batcher, 10);
        var queued = batcher.EmbedAsync([Clips.Of(100)]);
        var partly = batcher.EmbedAsync([Clips.Of(200), Clips.Of(210)]);

        // Dispose waits for the run in progress, which waits for the gate: call it from another thread.
        var disposing = Task.Run(batcher.Dispose);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued.Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => partly.Within());
        Assert.False(disposing.IsCompleted);
        inner.Gate.Set();
        await disposing.Within();
        Assert.Equal([[10f]], (await busy.Within()).Select(v => v[..1]));
        batcher.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EmbedAsync([Clips.Of(5)]).Within());
        Assert.Throws<ObjectDisposedException>(() => batcher.Embed(Clips.Of(5)));
        Assert.Equal([[10]], inner.Runs);
    }

    [Fact]
    public async Task Under_concurrent_load_failures_and_cancellations_touch_only_their_own_requests()
    {
        using var inner = new FakeBatchEmbedder();
        using var batcher = new DynamicBatcher(inner, new DynamicBatchingOptions { MaxBatch = 6, Runners = 2, MaxBatchSeconds = 1 });
        var random = new Random(11);
        var requests = Enumerable.Range(0, 40).Select(r => new
        {
            Clips = Enumerable.Range(0, random.Next(1, 6)).Select(c => Clips.Of(random.Next(1, 6000), seed: r + (c * 0.01f))).ToArray(),
            Poisoned = r % 7 == 3,
            Cancelled = r % 5 == 1,
        }).ToArray();
        foreach (var request in requests.Where(r => r.Poisoned))
        {
            request.Clips[^1][0] = FakeBatchEmbedder.Poison;
        }

        using var cancellation = new CancellationTokenSource();
        var tasks = requests.Select(r => Task.Run(() => batcher.EmbedAsync(r.Clips, r.Cancelled ? cancellation.Token : default))).ToArray();
        await cancellation.CancelAsync();
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).Within();

        for (var i = 0; i < requests.Length; i++)
        {
            var (request, task) = (requests[i], tasks[i]);
            if (request.Cancelled && task.IsCanceled)
            {
                continue; // cancelled before all its vectors arrived
            }

            if (request.Poisoned)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => task);
            }
            else
            {
                Assert.Equal(request.Clips.Select(FakeBatchEmbedder.Expected), await task);
            }
        }

        Assert.All(inner.Runs, run => Assert.True(run.Length <= 6 && (run.Length == 1 || run.Length * run.Max() <= 16_000)));
    }
}
