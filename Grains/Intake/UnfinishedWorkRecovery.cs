using EmotionGrid.Contracts.Messages;
using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Intake;

/// <summary>
/// At start, re-dispatches every row a crash left queued or processing. Grains are idempotent
/// (a finished file is skipped), so a row dispatched twice is still embedded once.
/// </summary>
public sealed class UnfinishedWorkRecovery(IFileCatalog catalog, IFileDispatcher dispatcher, ILogger<UnfinishedWorkRecovery> logger)
{
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var unfinished = await catalog.ListUnfinishedAsync(cancellationToken);
        foreach (var record in unfinished)
        {
            await dispatcher.DispatchAsync(new ProcessAudioFile(record.Id, record.AudioBlob, record.Name), cancellationToken);
        }

        if (unfinished.Count > 0)
        {
            logger.LogInformation("Re-enqueued {Count} files left unfinished by the last run", unfinished.Count);
        }

        return unfinished.Count;
    }
}
