using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// After a version becomes active, predicts every embedded file of its embedder again (and each segment of
/// long files) and records emotion, confidence, probabilities and version in the catalog. Stops early when
/// another version has become active meanwhile: that version's own re-scoring takes over.
/// </summary>
public sealed class RescoringGrain(IFileCatalog catalog, IModelRegistry registry, ModelStore models, FileScorer scorer, ILogger<RescoringGrain> logger)
{
    public async Task<int> RescoreAsync(int version, CancellationToken cancellationToken = default)
    {
        var record = await registry.GetVersionAsync(version, cancellationToken);
        if (record is null || !record.Active)
        {
            logger.LogInformation("Model v{Version} is not active; re-scoring skipped", version);
            return 0;
        }

        var model = new ActiveModel(await models.ReadModelAsync(record.ModelBlob, cancellationToken));
        var files = await catalog.ListEmbeddedAsync(model.Embedder, cancellationToken);
        var scored = 0;
        foreach (var chunk in files.Chunk(64))
        {
            if ((await registry.GetActiveAsync(cancellationToken))?.Version != version)
            {
                logger.LogInformation("Model v{Version} was replaced; re-scoring stopped after {Count} files", version, scored);
                return scored;
            }

            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                (file, ct) => new ValueTask(scorer.ScoreAsync(file, model, ct)));
            scored += chunk.Length;
        }

        logger.LogInformation("Re-scored {Count} {Embedder} files with model v{Version}", scored, model.Embedder, version);
        return scored;
    }
}
