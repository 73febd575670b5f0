using EmotionGrid.Audio;
using EmotionGrid.Grains;
using EmotionGrid.Grains.Training;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Silo.Gateway;

/// <summary>Checks before a run is queued, so <c>POST /api/train</c> can refuse at once with the reason (the run checks again).</summary>
public sealed class TrainingReadiness(IFileCatalog catalog, IAudioEmbedder embedder, TrainingSettings settings)
{
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken) =>
        TrainingSet.Refusal(await catalog.ListEmbeddedAsync(embedder.Id, cancellationToken), settings.Emotions, settings.MinLabelledFiles, embedder.Id);
}
