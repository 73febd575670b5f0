using EmotionGrid.Audio;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Training;

/// <summary>
/// The cluster's one trainer. <see cref="StartAsync"/> checks the data, registers the run (the registry
/// allows one queued or running run at a time) and returns; the <see cref="TrainingRun"/> then works on the
/// thread pool while progress goes to the registry. When it succeeds, this silo swaps to the new version
/// before the run reads as succeeded, every other silo is told through the <see cref="IModelBroadcastGrain"/>,
/// and the version's <see cref="IRescoringGrain"/> re-scores the catalog.
/// </summary>
public sealed class TrainingGrain(
    TrainingRun training,
    IModelRegistry registry,
    IFileCatalog catalog,
    IAudioEmbedder embedder,
    TrainingSettings settings,
    ActiveModelCache models,
    EmotionGridMetrics metrics,
    ILogger<TrainingGrain> logger) : Grain, ITrainingGrain
{
    private Task? _running;

    public async Task<TrainingStart> StartAsync()
    {
        // The same rule the run checks: refuse now, with the reason, instead of queueing a run that must fail.
        var refusal = TrainingSet.Refusal(await catalog.ListEmbeddedAsync(embedder.Id), settings.Emotions, settings.MinLabelledFiles, embedder.Id);
        if (refusal is not null)
        {
            throw new TrainingRefusedException(refusal);
        }

        return await TryStartAsync();
    }

    public async Task LabelledFileArrivedAsync()
    {
        if (settings.AutoTrainAfterNewLabels <= 0 || _running is { IsCompleted: false })
        {
            return;
        }

        var since = await registry.LastSucceededRunAtAsync() ?? DateTimeOffset.UnixEpoch;
        var fresh = await catalog.CountLabelsChangedSinceAsync(since);
        if (fresh < settings.AutoTrainAfterNewLabels)
        {
            return;
        }

        var refusal = TrainingSet.Refusal(await catalog.ListEmbeddedAsync(embedder.Id), settings.Emotions, settings.MinLabelledFiles, embedder.Id);
        if (refusal is not null)
        {
            logger.LogDebug("{Count} new labels, but no training yet: {Reason}", fresh, refusal);
            return;
        }

        var start = await TryStartAsync();
        if (start.Started)
        {
            logger.LogInformation("{Count} new labels since the last model: started training run {RunId}", fresh, start.RunId);
        }
    }

    public async Task RecoverAsync()
    {
        if (_running is { IsCompleted: false })
        {
            return; // the unfinished run in the registry is this activation's own
        }

        // One trainer in the cluster: a run left queued or running that this activation does not hold
        // belonged to an activation on a silo that died (or a process that was killed).
        foreach (var run in await registry.ListUnfinishedRunsAsync())
        {
            await registry.UpdateRunAsync(run.RunId, TrainingRunStatus.Failed, run.Stage, run.Progress,
                error: "interrupted: the silo running it stopped; start a new run");
            metrics.TrainingFinished("failed");
            logger.LogWarning("Training run {RunId} was left {Status} by a stopped silo: marked failed", run.RunId, run.Status);
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    private async Task<TrainingStart> TryStartAsync()
    {
        var (started, run) = await registry.TryStartRunAsync(Guid.NewGuid().ToString("N"));
        if (started)
        {
            logger.LogInformation("Started training run {RunId} on silo {Silo}", run.RunId, RuntimeIdentity);
            _running = RunAsync(run.RunId);
        }

        return new TrainingStart(started, run.RunId, run.Status);
    }

    private async Task RunAsync(string runId)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = runId });
        DelayDeactivation(TimeSpan.FromHours(6)); // a run outlives the idle timeout
        int version;
        try
        {
            // The whole run (I/O and the CPU-heavy grid search) leaves this activation's scheduler.
            version = await Task.Run(() => training.TrainAsync(runId, CancellationToken.None));
        }
        catch (Exception e)
        {
            var reason = e is TrainingRefusedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (e is not TrainingRefusedException)
            {
                logger.LogError(e, "Training run {RunId} failed", runId);
            }

            var stage = (await registry.GetRunAsync(runId))?.Stage;
            await registry.UpdateRunAsync(runId, TrainingRunStatus.Failed, stage, 0, error: reason);
            metrics.TrainingFinished("failed");
            DelayDeactivation(TimeSpan.FromMinutes(5));
            return;
        }

        // From here the version is registered and active: the run has succeeded whatever happens to the follow-ups.
        // This silo swaps first, so a client that saw "succeeded" predicts with it here; the others follow.
        try
        {
            await models.RefreshAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Loading model v{Version} on this silo failed; it retries when its subscription renews", version);
        }

        await registry.UpdateRunAsync(runId, TrainingRunStatus.Succeeded, "published", 1, version);
        metrics.TrainingFinished("succeeded");
        await PublishAsync(version);
        DelayDeactivation(TimeSpan.FromMinutes(5));
    }

    /// <summary>Lets a run in progress finish (within Orleans' deactivation timeout) before another activation can start one.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_running is { IsCompleted: false } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Deactivating the training grain during a run; the next activation marks it failed");
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<bool> ActivateAsync(int version)
    {
        if (!await registry.ActivateAsync(version))
        {
            return false;
        }

        await models.RefreshAsync();
        await PublishAsync(version);
        return true;
    }

    /// <summary>
    /// Every silo swaps to <paramref name="version"/> and the catalog is re-scored with it, each step on its own:
    /// silos that miss the message catch up when their subscription renews (20 s), and re-scoring starts either way.
    /// </summary>
    private async Task PublishAsync(int version)
    {
        try
        {
            await GrainFactory.GetGrain<IModelBroadcastGrain>(IModelBroadcastGrain.Key).ModelActivatedAsync(version);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Telling the silos about model v{Version} failed; they pick it up when their subscription renews", version);
        }

        try
        {
            await GrainFactory.GetGrain<IRescoringGrain>(version).StartAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Starting the re-scoring with model v{Version} failed; activate the version again to retry", version);
        }
    }
}
