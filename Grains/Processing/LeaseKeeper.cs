using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Keeps one file's processing lease alive while its work runs: renews it every third of its duration (off the
/// grain scheduler), and when another silo has taken the file over it cancels <see cref="Token"/>, so the work
/// stops instead of finishing a second time. A failed renewal (the catalog is slow or down) is retried, but once the
/// lease has gone unrenewed for its whole duration another silo may hold it: the work stops then too.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IFileCatalog _catalog;
    private readonly string _fileId;
    private readonly FileLease _lease;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private long _renewedAt = TimeProvider.System.GetTimestamp();

    public LeaseKeeper(IFileCatalog catalog, string fileId, FileLease lease, ILogger logger, CancellationToken cancellationToken)
    {
        _catalog = catalog;
        _fileId = fileId;
        _lease = lease;
        _logger = logger;
        _work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewals = Task.Run(RenewAsync, CancellationToken.None);
    }

    /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
    public CancellationToken Token => _work.Token;

    public bool Lost { get; private set; }

    /// <summary>Renews once more right before a final write: false (and <see cref="Lost"/>) when another silo holds the file now.</summary>
    public async Task<bool> ConfirmAsync(CancellationToken cancellationToken)
    {
        if (!Lost && !await _catalog.RenewLeaseAsync(_fileId, _lease, cancellationToken))
        {
            MarkLost();
        }

        return !Lost;
    }

    private async Task RenewAsync()
    {
        var period = _lease.Duration / 3;
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    // A renewal that takes longer than a period is as good as failed: the next one is due.
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    attempt.CancelAfter(period);
                    if (!await _catalog.RenewLeaseAsync(_fileId, _lease, attempt.Token))
                    {
                        MarkLost();
                        return;
                    }

                    Interlocked.Exchange(ref _renewedAt, TimeProvider.System.GetTimestamp());
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    var unrenewed = TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _renewedAt));
                    if (unrenewed >= _lease.Duration - period)
                    {
                        _logger.LogWarning(e, "The lease on {FileId} went unrenewed for {Unrenewed}; another silo may hold it now, so this attempt stops", _fileId, unrenewed);
                        MarkLost();
                        return;
                    }

                    _logger.LogWarning(e, "Renewing the lease on {FileId} failed; retrying in {Period}", _fileId, period);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops renewing (before the final, lease-guarded write: a renewal racing it would read "finished" as "lost").</summary>
    public async Task StopRenewingAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
    }

    private void MarkLost()
    {
        Lost = true;
        _logger.LogWarning("The lease on {FileId} was taken over by another silo; this attempt stops", _fileId);
        _work.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        _stop.Dispose();
        _work.Dispose();
    }
}
