using EmotionGrid.Grains.Processing;

namespace EmotionGrid.Grains.Tests;

/// <summary>The bounded pool: never more than its slots at once, waiters in order with urgent ones first, cancelled waiters gone.</summary>
public sealed class WorkPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Waiters_are_served_in_order_with_urgent_ones_first()
    {
        using var pool = new FileWorkPool(1);
        var held = await pool.AcquireAsync(Ct);
        var order = new List<string>();
        async Task WaitAsync(string name, bool urgent)
        {
            await using var slot = await pool.AcquireAsync(Ct, urgent);
            lock (order)
            {
                order.Add(name);
            }
        }

        var waiters = new[] { WaitAsync("normal-1", false), WaitAsync("normal-2", false), WaitAsync("urgent-1", true), WaitAsync("urgent-2", true) };
        Assert.Equal(4, pool.Waiting);
        await held.DisposeAsync();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(["urgent-1", "urgent-2", "normal-1", "normal-2"], order);
        Assert.Equal((0, 0), (pool.Waiting, pool.Running));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_takes_no_slot()
    {
        using var pool = new FileWorkPool(1);
        var held = await pool.AcquireAsync(Ct);
        using var cancel = new CancellationTokenSource();
        var cancelled = pool.AcquireAsync(cancel.Token);
        var next = pool.AcquireAsync(Ct);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await held.DisposeAsync();
        await using var slot = await next.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal((0, 1), (pool.Waiting, pool.Running));
    }

    [Fact]
    public async Task Never_more_than_its_slots_run_at_once()
    {
        using var pool = new FileWorkPool(3);
        var running = 0;
        var peak = 0;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var slot = await pool.AcquireAsync(Ct, urgent: i % 3 == 0);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, Ct);
            Interlocked.Decrement(ref running);
        }, Ct)));

        Assert.InRange(peak, 1, 3);
        Assert.Equal((0, 0), (pool.Waiting, pool.Running));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
