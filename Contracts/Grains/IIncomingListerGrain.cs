using Orleans.Concurrency;

namespace EmotionGrid.Contracts.Grains;

/// <summary>
/// Watches the bucket's <c>incoming/</c> for the whole cluster (key <see cref="Key"/>): one activation, so one silo
/// at a time lists it. A blob is taken once it has stopped changing; a reminder brings the lister back on another
/// silo when its silo dies.
/// </summary>
public interface IIncomingListerGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Registers the keep-alive reminder (idempotent) and starts listing; returns at once.</summary>
    Task StartAsync();

    /// <summary>Lists now (a change hint from the file system, a silo's death); joins a listing already running. Never waits behind one.</summary>
    [AlwaysInterleave]
    Task ScanNowAsync();
}
