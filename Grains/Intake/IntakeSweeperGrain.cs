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

    public async Task<int> StartAsync()
    {
        await this.RegisterOrUpdateReminder(ReminderName, settings.SweepPeriod, settings.SweepPeriod);
        return await SweepAsync();
    }

    public async Task<int> SweepAsync()
    {
        var unfinished = await catalog.ListUnfinishedAsync();
        var redriven = 0;
        foreach (var record in unfinished)
        {
            try
            {
                await GrainFactory.GetGrain<IAudioFileGrain>(record.Id).ProcessAsync();
                redriven++;
            }
            catch (Exception e)
            {
                // e.g. the grain's silo is dying: the next pass tries again.
                logger.LogWarning(e, "Re-driving {FileId} failed; the next sweep retries", record.Id);
            }
        }

        if (redriven > 0)
        {
            logger.LogInformation("Sweep: {Count} unfinished files handed to their grains", redriven);
        }

        await GrainFactory.GetGrain<ITrainingGrain>(ITrainingGrain.Key).RecoverAsync();
        return redriven;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();
}
