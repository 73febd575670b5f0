using EmotionGrid.Contracts.Messages;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Training;

/// <summary>Registers a training run (only if none is queued or running) and sends it to the TrainingGrain.</summary>
public sealed class TrainingStarter(IModelRegistry registry, IFileCatalog catalog, TrainingSettings settings, IMessagePublisher publisher, ILogger<TrainingStarter> logger)
{
    /// <summary>Started, or the run already queued or running.</summary>
    public async Task<(bool Started, TrainingRunRecord Run)> StartAsync(CancellationToken cancellationToken = default)
    {
        var runId = Guid.NewGuid().ToString("N");
        var (started, run) = await registry.TryStartRunAsync(runId, cancellationToken);
        if (started)
        {
            await publisher.PublishAsync(new TrainModel(runId), cancellationToken);
        }

        return (started, run);
    }

    /// <summary>Automatic training: starts a run when <c>Training:AutoTrainAfterNewLabels</c> labels arrived since the last successful run.</summary>
    public async Task TrainIfEnoughNewLabelsAsync(CancellationToken cancellationToken = default)
    {
        if (settings.AutoTrainAfterNewLabels <= 0)
        {
            return;
        }

        var since = await registry.LastSucceededRunAtAsync(cancellationToken) ?? DateTimeOffset.UnixEpoch;
        var fresh = await catalog.CountLabelsChangedSinceAsync(since, cancellationToken);
        if (fresh >= settings.AutoTrainAfterNewLabels)
        {
            var (started, run) = await StartAsync(cancellationToken);
            if (started)
            {
                logger.LogInformation("{Count} new labels since the last model: started training run {RunId}", fresh, run.RunId);
            }
        }
    }

    /// <summary>At start: runs a crash left queued or running can never finish; mark them failed with the reason.</summary>
    public async Task FailInterruptedRunsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var run in await registry.ListUnfinishedRunsAsync(cancellationToken))
        {
            await registry.UpdateRunAsync(run.RunId, TrainingRunStatus.Failed, run.Stage, run.Progress,
                error: "interrupted: the silo stopped during this run; start a new one", cancellationToken: cancellationToken);
        }
    }
}
