using EmotionGrid.Contracts.Grains;

namespace EmotionGrid.Silo.Hosting;

/// <summary>
/// Once the silo runs: starts the intake sweeper (its reminder, and one pass now that re-drives what a
/// previous process left unfinished) and activates the training grain, which fails runs left behind.
/// </summary>
public sealed class SiloStartup(IGrainFactory grains, ILogger<SiloStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var redriven = await grains.GetGrain<IIntakeSweeperGrain>(IIntakeSweeperGrain.Key).StartAsync();
        if (redriven > 0)
        {
            logger.LogInformation("Re-driving {Count} files left unfinished by the last run", redriven);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
