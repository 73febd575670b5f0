using EmotionGrid.Grains.Intake;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Grains.Tests;

public sealed class StableBlobTrackerTests
{
    private static readonly TimeSpan StableFor = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset Modified = new(2024, 5, 1, 11, 59, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _clock = new();
    private readonly StableBlobTracker _tracker;

    public StableBlobTrackerTests() => _tracker = new StableBlobTracker(StableFor, _clock);

    private static BlobItem Blob(string name, long size = 100, DateTimeOffset? modified = null) =>
        new($"incoming/{name}", size, modified ?? Modified);

    [Fact]
    public void Nothing_is_unsettled_before_any_listing()
    {
        Assert.False(_tracker.HasUnsettled);
        Assert.Empty(_tracker.Observe([]));
        Assert.False(_tracker.HasUnsettled);
    }

    [Fact]
    public void A_blob_is_handed_out_only_after_it_has_been_unchanged_for_stableFor()
    {
        var a = Blob("a.wav");
        Assert.Empty(_tracker.Observe([a]));
        Assert.True(_tracker.HasUnsettled);

        _clock.Advance(StableFor - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_tracker.Observe([a]));
        Assert.True(_tracker.HasUnsettled);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var ready = Assert.Single(_tracker.Observe([a]));
        Assert.Equal(a, ready);
        Assert.False(_tracker.HasUnsettled);
    }

    [Fact]
    public void A_blob_seen_only_once_is_not_handed_out_however_long_ago()
    {
        // A single listing starts the wait; stability is only ever judged against a later listing.
        Assert.Empty(_tracker.Observe([Blob("a.wav")]));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Single(_tracker.Observe([Blob("a.wav")]));
    }

    [Fact]
    public void A_size_change_restarts_the_wait()
    {
        Assert.Empty(_tracker.Observe([Blob("a.wav", size: 10)]));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(_tracker.Observe([Blob("a.wav", size: 20)])); // still being copied in

        _clock.Advance(TimeSpan.FromSeconds(3)); // 6 s after first sight, 3 s after the change
        Assert.Empty(_tracker.Observe([Blob("a.wav", size: 20)]));
        Assert.True(_tracker.HasUnsettled);

        _clock.Advance(TimeSpan.FromSeconds(2)); // 5 s after the change
        var ready = Assert.Single(_tracker.Observe([Blob("a.wav", size: 20)]));
        Assert.Equal(20, ready.Size);
    }

    [Fact]
    public void A_modification_time_change_restarts_the_wait()
    {
        Assert.Empty(_tracker.Observe([Blob("a.wav", modified: Modified)]));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(_tracker.Observe([Blob("a.wav", modified: Modified.AddSeconds(4))]));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(_tracker.Observe([Blob("a.wav", modified: Modified.AddSeconds(4))]));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_tracker.Observe([Blob("a.wav", modified: Modified.AddSeconds(4))]));
    }

    [Fact]
    public void Each_blob_is_handed_out_once_while_it_stays_present()
    {
        var a = Blob("a.wav");
        _tracker.Observe([a]);
        _clock.Advance(StableFor);
        Assert.Single(_tracker.Observe([a]));

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(StableFor);
            Assert.Empty(_tracker.Observe([a]));
            Assert.False(_tracker.HasUnsettled);
        }
    }

    [Fact]
    public void Blobs_settle_independently()
    {
        var a = Blob("a.wav");
        var b = Blob("b.wav");
        Assert.Empty(_tracker.Observe([a]));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(_tracker.Observe([a, b]));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([a], _tracker.Observe([a, b]));
        Assert.True(_tracker.HasUnsettled); // b is still settling
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal([b], _tracker.Observe([a, b]));
        Assert.False(_tracker.HasUnsettled);
    }

    [Fact]
    public void A_blob_that_disappears_and_reappears_is_handed_out_again()
    {
        var a = Blob("a.wav");
        _tracker.Observe([a]);
        _clock.Advance(StableFor);
        Assert.Single(_tracker.Observe([a]));

        Assert.Empty(_tracker.Observe([])); // moved away (processed)
        Assert.False(_tracker.HasUnsettled);

        Assert.Empty(_tracker.Observe([a])); // dropped in again: a new wait starts
        Assert.True(_tracker.HasUnsettled);
        _clock.Advance(StableFor);
        Assert.Equal([a], _tracker.Observe([a]));
    }

    [Fact]
    public void A_blob_that_disappears_while_settling_no_longer_counts_as_unsettled()
    {
        _tracker.Observe([Blob("a.wav")]);
        Assert.True(_tracker.HasUnsettled);
        _tracker.Observe([]);
        Assert.False(_tracker.HasUnsettled);
    }

    [Fact]
    public void Forget_lets_a_blob_be_handed_out_again_after_a_new_wait()
    {
        var a = Blob("a.wav");
        _tracker.Observe([a]);
        _clock.Advance(StableFor);
        Assert.Single(_tracker.Observe([a]));

        _tracker.Forget(a.Key); // its intake failed: retry on a later scan
        Assert.Empty(_tracker.Observe([a]));
        Assert.True(_tracker.HasUnsettled);
        _clock.Advance(StableFor);
        Assert.Equal([a], _tracker.Observe([a]));
        Assert.False(_tracker.HasUnsettled);
    }

    [Fact]
    public void Forget_of_an_unknown_key_is_harmless()
    {
        _tracker.Forget("incoming/never-seen.wav");
        Assert.False(_tracker.HasUnsettled);
    }
}
