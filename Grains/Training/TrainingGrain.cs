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
            _running = RunAsync(run.RunId);
        }

        return new TrainingStart(started, run.RunId, run.Status);
    }

    private async Task RunAsync(string runId)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = runId });
        DelayDeactivation(TimeSpan.FromHours(6)); // a run outlives the idle timeout
        try
        {
            // The whole run (I/O and the CPU-heavy grid search) leaves this activation's scheduler.
            var version = await Task.Run(() => training.TrainAsync(runId, CancellationToken.None));

            // This silo swaps before the run reads as succeeded: a client that saw "succeeded" predicts with
            // the new version here. Then every other silo follows, and the catalog is re-scored.
            await models.RefreshAsync();
            await registry.UpdateRunAsync(runId, TrainingRunStatus.Succeeded, "published", 1, version);
            metrics.TrainingFinished("succeeded");
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
        }
        finally
        {
            DelayDeactivation(TimeSpan.FromMinutes(5));
        }

        if (await registry.GetRunAsync(runId) is { Status: TrainingRunStatus.Succeeded, ModelVersion: { } published })
        {
            await PublishAsync(published);
        }
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

    /// <summary>Every silo swaps to <paramref name="version"/> and the catalog is re-scored with it. Followers that fail catch up on their own (subscription renewal, next publish).</summary>
    private async Task PublishAsync(int version)
    {
        try
        {
            await GrainFactory.GetGrain<IModelBroadcastGrain>(IModelBroadcastGrain.Key).ModelActivatedAsync(version);
            await GrainFactory.GetGrain<IRescoringGrain>(version).StartAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Telling the silos about model v{Version} failed; they pick it up when their subscription renews", version);
        }
    }
}
