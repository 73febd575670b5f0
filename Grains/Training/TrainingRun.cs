using System.Text.Json;
using EmotionGrid.Audio;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Grains.Clustering;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning;
using ClassMetrics = EmotionGrid.Contracts.Models.ClassMetrics;
using GridScore = EmotionGrid.Contracts.Models.GridScore;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Training;

/// <summary>
/// The work of one training run: snapshot the embedded vectors and labels → cluster (and measure agreement
/// with the labels) → training set from the label set → speaker-grouped cross-validated grid search → final
/// forest on every labelled vector → <c>models/v&lt;N&gt;/model.json</c> → registered as the active version.
/// Stages and progress go to the registry as it goes. The <see cref="TrainingGrain"/> runs it off its
/// scheduler and publishes the result.
/// </summary>
public sealed class TrainingRun(
    IFileCatalog catalog,
    IModelRegistry registry,
    ModelStore models,
    VectorReader vectors,
    IAudioEmbedder embedder,
    TrainingSettings settings,
    ILogger<TrainingRun> logger)
{
    /// <summary>Trains and registers the new active version; returns its number. Throws <see cref="TrainingRefusedException"/> when the data cannot make a model.</summary>
    public async Task<int> TrainAsync(string runId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = runId });
        return await TrainCoreAsync(runId, cancellationToken);
    }

    private async Task<int> TrainCoreAsync(string runId, CancellationToken cancellationToken)
    {
        Task Stage(string stage, double progress) =>
            registry.UpdateRunAsync(runId, TrainingRunStatus.Running, stage, progress, cancellationToken: cancellationToken);

        await Stage("snapshot", 0.02);
        // Ordered by id, not arrival: the same files and labels give the same model whatever order they came in.
        var files = (await catalog.ListEmbeddedAsync(embedder.Id, cancellationToken)).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        TrainingSet.EnsureTrainable(files, settings.Emotions, settings.MinLabelledFiles, embedder.Id);
        var snapshot = await vectors.SnapshotAsync(files, cancellationToken);
        var set = TrainingSet.From(snapshot, settings.Emotions);
        var version = await registry.NextVersionAsync(cancellationToken);
        var snapshotKey = await models.WriteSnapshotAsync(version, snapshot, cancellationToken);

        await Stage("cluster", 0.1);
        var map = ClusterMapBuilder.Build(embedder.Id, ClusterMapBuilder.Signature(files), snapshot, settings.EffectiveClusters, settings.Seed);
        var (nmi, ari) = ClusterMapBuilder.Agreement(map, files.ToDictionary(f => f.Id, f => f.Label), settings.Emotions);

        await Stage("grid search", 0.15);
        var folds = Math.Min(settings.Folds, set.SpeakerCount);
        var progress = new ThrottledProgress(p => registry.UpdateRunAsync(runId, TrainingRunStatus.Running, "grid search", 0.15 + (0.7 * p), cancellationToken: CancellationToken.None));
        var search = ForestGridSearch.Run(set.X, set.Y, set.Groups, set.Emotions, ForestParameters.DefaultGrid, folds, settings.Seed, progress, cancellationToken);

        await Stage("fit", 0.88);
        var best = search.Best with { Seed = settings.Seed };
        var forest = RandomForestClassifier.Fit(set.X, set.Y, set.Emotions.Count, best);

        await Stage("publish", 0.95);
        var cv = search.CrossValidation;
        var metrics = new ModelMetrics(
            cv.Accuracy, cv.MacroF1, cv.MajorityBaseline, set.Emotions,
            cv.PerClass.Select((c, i) => new ClassMetrics(set.Emotions[i], c.Precision, c.Recall, c.F1, c.Support)).ToList(),
            cv.Confusion, folds, set.X.Length, set.WeakLabels, set.SpeakerCount, nmi, ari);
        var document = new ModelDocument(
            version, embedder.Id, snapshot.Dimension, set.Emotions, Settings(best, snapshot.Dimension),
            search.Scores.Select(s => new GridScore(Settings(s.Parameters, snapshot.Dimension), s.Accuracy, s.MacroF1)).ToList(),
            metrics, snapshotKey, DateTimeOffset.UtcNow, forest.ToModel());
        var key = await models.WriteModelAsync(document, cancellationToken);
        await registry.AddVersionAsync(
            new ModelVersionRecord(version, embedder.Id, snapshot.Dimension, key, JsonSerializer.Serialize(metrics, JsonSerializerOptions.Web), document.CreatedAt, Active: true),
            activate: true, cancellationToken);
        logger.LogInformation(
            "Model v{Version}: {Files} labelled files ({Weak} weak), {Speakers} speakers, {Folds}-fold speaker-grouped CV accuracy {Accuracy:P1} (baseline {Baseline:P1}), macro-F1 {MacroF1:F3}",
            version, set.X.Length, set.WeakLabels, set.SpeakerCount, folds, cv.Accuracy, cv.MajorityBaseline, cv.MacroF1);
        return version;
    }

    private static ForestSettings Settings(ForestParameters p, int dimension) =>
        new(p.Trees, p.MaxDepth, p.MinSamplesLeaf, p.MaxFeatures ?? Math.Max(1, (int)Math.Sqrt(dimension)), p.Seed);
}
