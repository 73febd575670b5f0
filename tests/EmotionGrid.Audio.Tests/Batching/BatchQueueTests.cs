using EmotionGrid.Audio.Batching;

namespace EmotionGrid.Audio.Tests.Batching;

/// <summary><see cref="BatchQueue.PlanGroup"/>: which queued clips form the next run.</summary>
public sealed class BatchQueueTests
{
    private const long Unbounded = long.MaxValue / 4;

    [Fact]
    public void The_oldest_clip_anchors_and_others_join_by_closeness_of_length_older_first_on_ties()
    {
        var plan = BatchQueue.PlanGroup([1000, 5000, 1100, 900, 1050], maxBatch: 3, Unbounded, canPad: true);

        Assert.Equal([0, 4, 2], plan.Indices); // 1050 is 50 away; 1100 and 900 are both 100 away, 1100 is older
        Assert.True(plan.IsFull);
    }

    [Fact]
    public void A_clip_that_would_exceed_the_padded_bound_is_skipped_and_a_later_shorter_one_still_joins()
    {
        var plan = BatchQueue.PlanGroup([4000, 5000, 3000], maxBatch: 8, maxPaddedSamples: 9000, canPad: true);

        Assert.Equal([0, 2], plan.Indices); // 2 × 5000 > 9000, but 2 × 4000 fits
        Assert.True(plan.IsFull); // a third clip would pad to at least 3 × 4000
    }

    [Fact]
    public void A_clip_longer_than_the_padded_bound_runs_alone()
    {
        var plan = BatchQueue.PlanGroup([20_000, 100], maxBatch: 8, maxPaddedSamples: 16_000, canPad: true);

        Assert.Equal([0], plan.Indices);
        Assert.True(plan.IsFull);
    }

    [Fact]
    public void Without_padding_only_clips_of_the_anchors_exact_length_join()
    {
        var plan = BatchQueue.PlanGroup([100, 200, 101, 100, 99, 100], maxBatch: 8, Unbounded, canPad: false);

        Assert.Equal([0, 3, 5], plan.Indices);
        Assert.False(plan.IsFull);
    }

    [Fact]
    public void A_group_is_full_only_when_no_clip_could_join_it()
    {
        Assert.False(BatchQueue.PlanGroup([100, 100], maxBatch: 3, Unbounded, canPad: true).IsFull);
        Assert.True(BatchQueue.PlanGroup([100, 100, 100], maxBatch: 3, Unbounded, canPad: true).IsFull);
        Assert.False(BatchQueue.PlanGroup([100, 100], maxBatch: 8, maxPaddedSamples: 300, canPad: true).IsFull);
        Assert.True(BatchQueue.PlanGroup([100, 100, 100], maxBatch: 8, maxPaddedSamples: 300, canPad: true).IsFull);
        Assert.True(BatchQueue.PlanGroup([100], maxBatch: 1, Unbounded, canPad: true).IsFull);
    }

    [Fact]
    public void An_empty_queue_plans_nothing()
    {
        var plan = BatchQueue.PlanGroup([], maxBatch: 8, Unbounded, canPad: true);

        Assert.Empty(plan.Indices);
        Assert.False(plan.IsFull);
    }

    [Fact]
    public void Take_removes_the_planned_clips_in_plan_order_and_keeps_the_rest_in_arrival_order()
    {
        var queue = new BatchQueue();
        var request = new BatchRequest(5);
        int[] lengths = [1000, 5000, 1100, 900, 1050];
        for (var i = 0; i < lengths.Length; i++)
        {
            queue.Add(new QueuedClip(request, i, new float[lengths[i]], enqueuedAt: i));
        }

        var group = queue.Take(queue.Plan(maxBatch: 3, Unbounded, canPad: true));

        Assert.Equal([0, 4, 2], group.Select(c => c.Index));
        Assert.Equal(2, queue.Count);
        Assert.Equal(1, queue.Oldest.Index);
        Assert.Equal([5000, 900], queue.Drain().Select(c => c.Length));
        Assert.Equal(0, queue.Count);
    }
}
