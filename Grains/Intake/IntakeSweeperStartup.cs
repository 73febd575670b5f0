using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Processing;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// When a silo becomes active it starts the <see cref="IIntakeSweeperGrain"/> and the <see cref="IIncomingListerGrain"/>: registers its reminder (idempotent)
/// and sweeps once, so a restarted process re-drives what it left unfinished at once instead of a period later.
/// Runs in the background with retries: the silo's start never waits on it.
/// </summary>
public sealed class IntakeSweeperStartup(IGrainFactory grains, ProcessingSettings settings, ILogger<IntakeSweeperStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(IntakeSweeperStartup), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(StartSweeperAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task StartSweeperAsync()
    {
        for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IIntakeSweeperGrain>(IIntakeSweeperGrain.Key).StartAsync();
                await grains.GetGrain<IIncomingListerGrain>(IIncomingListerGrain.Key).StartAsync();
                logger.LogInformation("Intake sweeper and incoming/ lister started: unfinished files are handed to their grains now and every {Period}", settings.SweepPeriod);
                return;
            }
            catch (Exception e) when (attempt < 30)
            {
                logger.LogDebug(e, "Starting the intake sweeper failed (attempt {Attempt}); retrying", attempt);
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
                logger.LogError(e, "The intake sweeper could not be started; unfinished files wait for the next silo start");
                return;
            }
        }
    }
}
