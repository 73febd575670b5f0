using EmotionGrid.Grains.Intake;
using EmotionGrid.Silo.Configuration;
using EmotionGrid.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Hosting;

/// <summary>
/// Watches <c>incoming/</c>: file-system events wake it early, a periodic full rescan makes sure nothing
/// is missed (also files present at start), and a file is taken only once it has stopped changing.
/// Registered files go to their AudioFileGrain; what a crash left unfinished is the sweeper's job.
/// </summary>
public sealed class BucketWatcher(
    IBlobStore store,
    IncomingFileIntake intake,
    IOptions<EmotionGridOptions> options,
    ILogger<BucketWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watcher = options.Value.Watcher;
        var tracker = new StableBlobTracker(TimeSpan.FromMilliseconds(watcher.StableMilliseconds));
        var rescan = TimeSpan.FromSeconds(watcher.RescanSeconds);
        var settle = TimeSpan.FromMilliseconds(Math.Max(50, watcher.StableMilliseconds));

        using var subscription = (store as IBlobChangeFeed)?.Subscribe(BlobContainers.Incoming, () => _changed.Release());
        logger.LogInformation("Watching {Container}/ (rescan every {Rescan}s, stable after {Stable} ms)",
            BlobContainers.Incoming, watcher.RescanSeconds, watcher.StableMilliseconds);

        while (!stoppingToken.IsCancellationRequested)
        {
            var waiting = await ScanAsync(tracker, stoppingToken);

            // While files are settling, look again soon; otherwise sleep until an event or the next rescan.
            await WaitForChangeAsync(waiting ? settle : rescan, stoppingToken);
        }
    }

    private async Task<bool> ScanAsync(StableBlobTracker tracker, CancellationToken stoppingToken)
    {
        try
        {
            var listing = new List<BlobItem>();
            await foreach (var blob in store.ListAsync(BlobContainers.Incoming + "/", stoppingToken))
            {
                listing.Add(blob);
            }

            foreach (var blob in tracker.Observe(listing))
            {
                await AcceptAsync(tracker, blob, stoppingToken);
            }

            return tracker.HasUnsettled;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scanning {Container}/ failed; retrying at the next rescan", BlobContainers.Incoming);
            return false;
        }
    }

    private async Task AcceptAsync(StableBlobTracker tracker, BlobItem blob, CancellationToken stoppingToken)
    {
        try
        {
            await intake.AcceptAsync(blob, cancellationToken: stoppingToken);
        }
        catch (BlobNotFoundException)
        {
            // Taken by another silo or the gateway between the listing and the read.
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Taking {Blob} from the bucket failed; it will be retried", blob.Key);
            tracker.Forget(blob.Key);
        }
    }

    private async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        try
        {
            if (await _changed.WaitAsync(timeout, stoppingToken))
            {
                // Coalesce a burst of events (a copy raises several) into one scan.
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }
}
