namespace EmotionGrid.Contracts.Grains;

/// <summary>
/// The durable intake's safety net (key <see cref="Key"/>): on a reminder it re-drives every catalog row
/// left queued or processing to its <see cref="IAudioFileGrain"/> (a live activation ignores the call; the
/// file of a dead silo is picked up again) and lets the training grain fail runs a dead silo left behind.
/// </summary>
public interface IIntakeSweeperGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Registers the reminder (idempotent) and starts a sweep; returns at once.</summary>
    Task StartAsync();

    /// <summary>Sweeps now, or joins the sweep already running; returns how many rows it re-drove.</summary>
    [ResponseTimeout("00:05:00")]
    Task<int> SweepAsync();
}
