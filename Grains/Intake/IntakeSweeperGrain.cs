using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Processing;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// Re-drives unfinished catalog rows to their <see cref="IAudioFileGrain"/> on a reminder (and once at silo
/// start). A row whose grain is alive and working is untouched (the call joins the run); a row whose grain
/// died with its silo, or that a crash left between registration and dispatch, is processed again. Every
/// pass also lets the training grain fail runs a dead silo left behind.
/// </summary>
public sealed class IntakeSweeperGrain(IFileCatalog catalog, ProcessingSettings settings, ILogger<IntakeSweeperGrain> logger)
    : Grain, IIntakeSweeperGrain, IRemindable
{
    private const string ReminderName = "sweep";

    /// <summary>Grains re-driven at once: enough to keep a large backlog quick, few enough to leave room for other calls.</summary>
    private const int Batch = 64;

    private Task<int>? _sweep;

    public async Task StartAsync()
    {
        await this.RegisterOrUpdateReminder(ReminderName, settings.SweepPeriod, settings.SweepPeriod);
        _ = BeginSweep(); // a large backlog must not hold the caller (or time out and be asked again)
    }

    public Task<int> SweepAsync() => BeginSweep();

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ = BeginSweep();
        return Task.CompletedTask;
    }

    /// <summary>One sweep at a time: a reminder or a start while one runs joins it instead of stacking another.</summary>
    private Task<int> BeginSweep()
    {
        if (_sweep is not { IsCompleted: false })
        {
            _sweep = SweepCoreAsync();
        }

        return _sweep;
    }

    private async Task<int> SweepCoreAsync()
    {
        var redriven = 0;
        try
        {
            foreach (var batch in (await catalog.ListUnfinishedAsync()).Chunk(Batch))
            {
                var results = await Task.WhenAll(batch.Select(RedriveAsync));
                redriven += results.Count(ok => ok);
            }

            if (redriven > 0)
            {
                logger.LogInformation("Sweep: {Count} unfinished files handed to their grains", redriven);
            }

            await GrainFactory.GetGrain<ITrainingGrain>(ITrainingGrain.Key).RecoverAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "A sweep failed after re-driving {Count} files; the next one retries", redriven);
        }

        return redriven;
    }

    private async Task<bool> RedriveAsync(FileRecord record)
    {
        try
        {
            await GrainFactory.GetGrain<IAudioFileGrain>(record.Id).ProcessAsync();
            return true;
        }
        catch (Exception e)
        {
            // e.g. the grain's silo is dying: the next sweep tries again.
            logger.LogWarning(e, "Re-driving {FileId} failed; the next sweep retries", record.Id);
            return false;
        }
    }
}
