using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// One pass over every embedded file of a version's embedder (key = the version): predicts each file (and
/// each segment of long files) and records emotion, confidence, probabilities and version in the catalog.
/// Stops early when another version has become active meanwhile: that version's own pass takes over.
/// </summary>
public sealed class RescoringGrain(IFileCatalog catalog, IModelRegistry registry, ModelStore models, FileScorer scorer, SpeakerStatisticsCache speakers, ILogger<RescoringGrain> logger)
    : Grain, IRescoringGrain
{
    private const int ChunkSize = 64;
    private Task? _pass;
    private int _scored;
    private volatile bool _superseded;
    private volatile bool _restart;

    public Task StartAsync()
    {
        if (_pass is null || _pass.IsCompleted)
        {
            _scored = 0;
            _superseded = false;
            _pass = Task.Run(() => RescoreAsync((int)this.GetPrimaryKeyLong()));
        }
        else
        {
            // Activated again while its pass runs (v1 → v2 → v1): files already passed may carry v2's scores now.
            _restart = true;
        }

        return Task.CompletedTask;
    }

    public Task<RescoringProgress> ProgressAsync() =>
        Task.FromResult(new RescoringProgress(Volatile.Read(ref _scored), _pass?.IsCompleted ?? false, _superseded));

    /// <summary>Runs on the thread pool (reads, predictions and writes, no grain state but counters).</summary>
    private async Task RescoreAsync(int version)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ModelVersion"] = version });
        try
        {
            var record = await registry.GetVersionAsync(version);
            if (record is null || !record.Active)
            {
                _superseded = true;
                logger.LogInformation("Model v{Version} is not active; re-scoring skipped", version);
                return;
            }

            var model = new ActiveModel(await models.ReadModelAsync(record.ModelBlob, CancellationToken.None));
            do
            {
                _restart = false;
                Volatile.Write(ref _scored, 0);
                speakers.Invalidate(); // speakers' statistics as the catalog has them now
                foreach (var chunk in (await catalog.ListEmbeddedAsync(model.Embedder)).Chunk(ChunkSize))
                {
                    if ((await registry.GetActiveAsync())?.Version != version)
                    {
                        _superseded = true;
                        logger.LogInformation("Model v{Version} was replaced; re-scoring stopped after {Count} files", version, _scored);
                        return;
                    }

                    if (_restart)
                    {
                        break;
                    }

                    await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                        (file, ct) => new ValueTask(scorer.ScoreAsync(file, model, ct)));
                    Interlocked.Add(ref _scored, chunk.Length);
                }
            }
            while (_restart);

            logger.LogInformation("Re-scored {Count} {Embedder} files with model v{Version}", _scored, model.Embedder, version);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Re-scoring with model v{Version} failed after {Count} files", version, _scored);
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromHours(1)); // a pass over a large catalog outlives the idle timeout
        return base.OnActivateAsync(cancellationToken);
    }
}
