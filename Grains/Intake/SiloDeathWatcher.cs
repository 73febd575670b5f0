using EmotionGrid.Contracts.Grains;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// Fails a dead silo's work over at once: when membership declares a silo dead, this asks the
/// <see cref="IIntakeSweeperGrain"/> to sweep now instead of at its next reminder, so the files the dead silo held
/// are taken over (its leases are void: see <c>SiloLeaseOwners</c>) and a training run it left is resolved.
/// Every silo watches; concurrent requests join one sweep.
/// </summary>
public sealed class SiloDeathWatcher(IClusterMembershipService membership, IGrainFactory grains, ILocalSiloDetails local, ILogger<SiloDeathWatcher> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloDeathWatcher), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    private async Task WatchAsync()
    {
        var known = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var died = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(local.SiloAddress) && known.Add(m.SiloAddress))
                    .Select(m => m.SiloAddress)
                    .ToList();
                if (died.Count > 0)
                {
                    logger.LogWarning("Silo {DeadSilos} declared dead; sweeping now so its files and training run are taken over", string.Join(", ", died));
                    _ = SweepAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The sweeper may itself have lived on the dead silo: the directory needs a moment to forget it.</summary>
    private async Task SweepAsync()
    {
        for (var attempt = 1; attempt <= 10 && !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                // The lister may have died too: wake it (a new activation), but never let it hold up the sweep.
                grains.GetGrain<IIncomingListerGrain>(IIncomingListerGrain.Key).ScanNowAsync().Ignore();
                var redriven = await grains.GetGrain<IIntakeSweeperGrain>(IIntakeSweeperGrain.Key).SweepAsync();
                logger.LogInformation("Failover sweep re-drove {Count} unfinished files", redriven);
                return;
            }
            catch (Exception e) when (attempt < 10)
            {
                logger.LogDebug(e, "Failover sweep failed (attempt {Attempt}); retrying", attempt);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The failover sweep failed {Attempts} times; the sweeper's reminder re-drives the dead silo's files", attempt);
            }
        }
    }
}
