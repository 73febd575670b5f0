using EmotionGrid.Audio;
using EmotionGrid.Grains;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Silo.Gateway;

/// <summary>Checks before a run is queued, so <c>POST /api/train</c> can refuse at once with the reason (the run checks again).</summary>
public sealed class TrainingReadiness(IFileCatalog catalog, IAudioEmbedder embedder, TrainingSettings settings)
{
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var files = await catalog.ListEmbeddedAsync(embedder.Id, cancellationToken);
        var labelled = files.Where(f => f.Label is { } l && settings.Emotions.Contains(l)).ToList();
        var emotions = labelled.Select(f => f.Label).Distinct().Count();
        if (labelled.Count < settings.MinLabelledFiles)
        {
            return $"too few labelled files to train: {labelled.Count} of {files.Count} embedded {embedder.Id} files have a label in the label set ({string.Join(", ", settings.Emotions)}); at least {settings.MinLabelledFiles} are needed";
        }

        return emotions < 2 ? $"training needs labelled files of at least two emotions; there are {emotions}" : null;
    }
}
