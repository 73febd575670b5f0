using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Training;

namespace EmotionGrid.Silo.Hosting;

/// <summary>At start: fail training runs a previous process left unfinished, and load the active model.</summary>
public sealed class ModelStartup(TrainingStarter trainer, InferenceGrain inference) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await trainer.FailInterruptedRunsAsync(cancellationToken);
        await inference.RefreshAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
