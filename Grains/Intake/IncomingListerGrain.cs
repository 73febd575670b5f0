using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// Lists <c>incoming/</c> every <see cref="ProcessingSettings.RescanPeriod"/> (sooner while blobs settle, and at once
/// on a change hint from a store that gives them) and hands each blob that has stopped changing to
/// <see cref="IncomingFileIntake"/>, a few at a time, off this grain's scheduler. The intake is idempotent, so a blob
/// seen again after a failover is harmless. A reminder re-activates the lister on a surviving silo.
/// </summary>
public sealed class IncomingListerGrain(IBlobStore store, IncomingFileIntake intake, ProcessingSettings settings, ILogger<IncomingListerGrain> logger)
    : Grain, IIncomingListerGrain, IRemindable
{
    private const string ReminderName = "keep-listing";

    /// <summary>Blobs taken in at once: hashing and registering are I/O-bound, and the files' own grains do the heavy work.</summary>
    private const int Parallelism = 4;

    private readonly StableBlobTracker _tracker = new(settings.IncomingStableAfter);
    private IGrainTimer? _timer;
    private IDisposable? _changes;
    private Task? _scan;

    private TimeSpan SettlePeriod => TimeSpan.FromMilliseconds(Math.Max(50, settings.IncomingStableAfter.TotalMilliseconds));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _timer = this.RegisterGrainTimer(_ => BeginScan(), new GrainTimerCreationOptions(TimeSpan.Zero, settings.RescanPeriod) { KeepAlive = true });
        if (store is IBlobChangeFeed feed)
        {
            var self = this.AsReference<IIncomingListerGrain>();
            _changes = feed.Subscribe(BlobContainers.Incoming, () => self.ScanNowAsync().Ignore());
        }

        logger.LogInformation("Listing {Container}/ for the cluster (every {Rescan}, stable after {Stable})", BlobContainers.Incoming, settings.RescanPeriod, settings.IncomingStableAfter);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _changes?.Dispose();
        _timer?.Dispose();
        if (_scan is { } scan)
        {
            try
            {
                await scan.WaitAsync(cancellationToken); // a listing in progress finishes its blobs, within Orleans' deactivation timeout
            }
            catch (OperationCanceledException)
            {
                // the intake is idempotent: what this listing did not finish, the next lister takes again
            }
        }
    }

    public async Task StartAsync()
    {
        var period = settings.SweepPeriod > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : settings.SweepPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    public Task ScanNowAsync()
    {
        _ = BeginScan();
        return Task.CompletedTask;
    }

    /// <summary>The reminder's only job is to keep an activation (and so its timer) alive somewhere in the cluster.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    /// <summary>One listing at a time: a tick or a hint during one joins it.</summary>
    private Task BeginScan()
    {
        if (_scan is not { IsCompleted: false })
        {
            _scan = ScanAsync();
        }

        return _scan;
    }

    private async Task ScanAsync()
    {
        try
        {
            var listing = new List<BlobItem>();
            await foreach (var blob in store.ListAsync(BlobContainers.Incoming + "/"))
            {
                listing.Add(blob);
            }

            var ready = _tracker.Observe(listing);
            if (ready.Count > 0)
            {
                var failed = await Task.Run(() => AcceptAllAsync(ready));
                foreach (var key in failed)
                {
                    _tracker.Forget(key);
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Listing {Container}/ failed; retrying at the next rescan", BlobContainers.Incoming);
        }

        // While blobs settle, look again soon; otherwise at the regular period.
        var next = _tracker.HasUnsettled ? SettlePeriod : settings.RescanPeriod;
        _timer?.Change(next, settings.RescanPeriod);
    }

    /// <summary>Returns the keys that failed (tried again at a later listing).</summary>
    private async Task<List<string>> AcceptAllAsync(IReadOnlyList<BlobItem> ready)
    {
        var failed = new List<string>();
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (blob, ct) =>
        {
            try
            {
                await intake.AcceptAsync(blob, cancellationToken: ct);
            }
            catch (BlobNotFoundException)
            {
                // Taken by the gateway between the listing and the read.
            }
            catch (Exception e)
            {
                logger.LogError(e, "Taking {Blob} from the bucket failed; it will be retried", blob.Key);
                lock (failed)
                {
                    failed.Add(blob.Key);
                }
            }
        });
        return failed;
    }
}
