using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Keeps one file's processing lease alive while its work runs: renews it every third of its duration (off the
/// grain scheduler), and when another silo has taken the file over it cancels <see cref="Token"/>, so the work
/// stops instead of finishing a second time. A failed renewal (the catalog is down) is retried, not fatal.
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
        using var timer = new PeriodicTimer(_lease.Duration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (!await _catalog.RenewLeaseAsync(_fileId, _lease, _stop.Token))
                    {
                        MarkLost();
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Renewing the lease on {FileId} failed; retrying in {Period}", _fileId, _lease.Duration / 3);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void MarkLost()
    {
        Lost = true;
        _logger.LogWarning("The lease on {FileId} was taken over by another silo; this attempt stops", _fileId);
        _work.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        _work.Dispose();
    }
}
