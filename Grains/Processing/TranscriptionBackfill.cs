using EmotionGrid.Storage.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Processing;

/// <summary>
/// Finds embedded files without a transcript — embedded while transcription was off, or whose transcription a restart
/// or an outage interrupted — and hands them to the <see cref="TranscriptionWorker"/>: shortly after start, then every
/// sweep period, a bounded batch at a time. Several silos may pick the same file; storing a transcript twice is harmless.
/// </summary>
public sealed partial class TranscriptionBackfill(IFileCatalog catalog, TranscriptionWorker worker, ProcessingSettings settings, ILogger<TranscriptionBackfill> logger)
    : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!worker.Enabled)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (worker.Pending < Batch)
                {
                    try
                    {
                        var files = await catalog.ListUntranscribedAsync(Batch, stoppingToken);
                        foreach (var file in files)
                        {
                            _ = worker.Schedule(file.Id, file.AudioBlob);
                        }

                        if (files.Count > 0)
                        {
                            LogScheduled(logger, files.Count);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogCatalogUnavailable(logger, e);
                    }
                }

                await Task.Delay(settings.SweepPeriod, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribing {Count} embedded files that have no transcript yet")]
    private static partial void LogScheduled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Looking for files without a transcript failed; tried again next sweep")]
    private static partial void LogCatalogUnavailable(ILogger logger, Exception exception);
}
