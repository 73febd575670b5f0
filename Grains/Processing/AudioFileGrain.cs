using EmotionGrid.Contracts.Grains;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// One activation per file id in the cluster (Orleans' guarantee replaces any process-wide lock): a
/// <see cref="ProcessAsync"/> call starts the work and returns, a second call while it runs joins it. After
/// embedding, the file is scored from its vectors in memory by the local <see cref="IInferenceGrain"/>, and
/// a labelled file tells the <see cref="ITrainingGrain"/> it arrived.
/// Placed at random: the one lister calls every file's grain, and Orleans' default (resource-optimised) placement
/// prefers the caller's silo, which gave it two thirds of a batch (bench -- scale); each silo bounds its own work.
/// </summary>
[Orleans.Placement.RandomPlacement]
public sealed class AudioFileGrain(AudioFileProcessor processor, EmotionGridMetrics metrics, ILogger<AudioFileGrain> logger) : Grain, IAudioFileGrain
{
    private readonly CancellationTokenSource _deactivating = new();
    private Task? _running;

    public Task ProcessAsync()
    {
        if (_running is { IsCompleted: false })
        {
            return Task.CompletedTask;
        }

        // Fire and forget on this activation: the call returns now, the work continues across turns, and a
        // crash leaves the catalog row unfinished for the sweeper to re-drive.
        _running = RunAsync(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<bool> IsBusyAsync() => Task.FromResult(_running is { IsCompleted: false });

    private async Task RunAsync(string fileId)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FileId"] = fileId });
        try
        {
            var outcome = await processor.ProcessAsync(fileId, _deactivating.Token);
            switch (outcome.Result)
            {
                case ProcessResult.Embedded:
                    metrics.FileFinished("embedded");
                    metrics.Embedded(outcome.EmbedderTime);
                    await AfterEmbeddingAsync(outcome);
                    break;
                case ProcessResult.Failed:
                    metrics.FileFinished("failed");
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Processing {FileId} stopped with the silo; the sweeper will re-drive it", fileId);
        }
        catch (Exception e)
        {
            // The row stays queued/processing: the sweeper's next pass tries again.
            logger.LogError(e, "Processing {FileId} failed unexpectedly; it will be retried", fileId);
        }
        finally
        {
            // Done: let Orleans collect this activation when idle (the row in the catalog is the record).
            DelayDeactivation(TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>Scoring and automatic training are follow-ups: their failure never makes the embedded file unfinished.</summary>
    private async Task AfterEmbeddingAsync(ProcessOutcome outcome)
    {
        try
        {
            await GrainFactory.GetGrain<IInferenceGrain>(0).ScoreFileAsync(outcome.Vectors!);
            if (outcome.Label is not null)
            {
                await GrainFactory.GetGrain<ITrainingGrain>(ITrainingGrain.Key).LabelledFileArrivedAsync();
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Scoring {FileId} after embedding failed; re-scoring after the next model covers it", outcome.Vectors!.FileId);
        }
    }

    /// <summary>Stops the work and waits for it (within Orleans' deactivation timeout), so no new activation overlaps it.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        if (_running is { IsCompleted: false } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Deactivating {FileId} before its work stopped", this.GetPrimaryKeyString());
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Files can wait long for a pool slot during a burst; keep the activation until its work has run.
        DelayDeactivation(TimeSpan.FromHours(2));
        return base.OnActivateAsync(cancellationToken);
    }
}
