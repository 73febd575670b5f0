using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// This silo's copy of the active model, shared by its inference grains. Loaded at start and whenever the
/// <c>IModelBroadcastGrain</c> says a version became active, and swapped in one reference assignment: a
/// prediction that already took the old model finishes on it, every later one uses the new one.
/// </summary>
public sealed class ActiveModelCache(IModelRegistry registry, ModelStore models, ILogger<ActiveModelCache> logger)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile ActiveModel? _current;

    /// <summary>The model predictions use now; null until a version exists.</summary>
    public ActiveModel? Current => _current;

    /// <summary>Loads the registry's active version unless it is already the one held.</summary>
    public async Task<ActiveModel?> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var active = await registry.GetActiveAsync(cancellationToken);
            if (active is null)
            {
                _current = null;
                return null;
            }

            if (_current?.Version != active.Version)
            {
                // Parsing and building the forest is CPU work: off the caller's (a grain's) scheduler.
                var (document, model) = await Task.Run(async () =>
                {
                    var read = await models.ReadModelAsync(active.ModelBlob, cancellationToken);
                    return (read, new ActiveModel(read));
                }, cancellationToken);
                var previous = _current?.Version;
                _current = model;
                logger.LogInformation("Inference now uses model v{Version} ({Embedder}, {Emotions}); was {Previous}",
                    active.Version, document.Embedder, string.Join("/", document.Emotions), previous is null ? "none" : $"v{previous}");
            }

            return _current;
        }
        finally
        {
            _loading.Release();
        }
    }
}
