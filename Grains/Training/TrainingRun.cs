using System.Text.Json;
using EmotionGrid.Audio;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Grains.Clustering;
using EmotionGrid.Grains.Models;
using EmotionGrid.Learning;
using EmotionGrid.Learning.Classifiers;
using EmotionGrid.Learning.Training;
using ClassMetrics = EmotionGrid.Contracts.Models.ClassMetrics;
using GridScore = EmotionGrid.Contracts.Models.GridScore;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Training;

/// <summary>
/// The work of one training run: snapshot the embedded vectors and labels → normalise (per speaker) and cluster
/// (agreement with labels and with speakers) → training set from the label set → speaker-grouped cross-validated
/// search over learners and settings, calibration (<see cref="EmotionModelTrainer"/>) → final model on every labelled
/// vector → <c>models/v&lt;N&gt;/model.json</c> → registered as the active version.
/// Stages and progress go to the registry as it goes. The <see cref="TrainingGrain"/> runs it off its
/// scheduler and publishes the result.
/// </summary>
public sealed class TrainingRun(
    IFileCatalog catalog,
    IModelRegistry registry,
    ModelStore models,
    VectorReader vectors,
    TrainingAugmentation augmentation,
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
        var normalised = SnapshotNormalisation.Normalise(snapshot, settings.Normalisation, settings.MinSpeakerFiles);
        var map = ClusterMapBuilder.Build(embedder.Id, ClusterMapBuilder.Signature(files), snapshot, settings.EffectiveClusters, settings.Seed, normalised);
        var (nmi, ari) = ClusterMapBuilder.Agreement(map, files.ToDictionary(f => f.Id, f => f.Label), settings.Emotions);
        var speakerNmi = ClusterMapBuilder.SpeakerAgreement(map, files.ToDictionary(f => f.Id, f => f.Speaker));

        var data = set.ToTrainingData(snapshot);
        var augment = settings.Augments(embedder.Id);
        if (augment)
        {
            await Stage("augment", 0.15);
            var augmenting = new ThrottledProgress(p => registry.UpdateRunAsync(runId, TrainingRunStatus.Running, "augment", 0.15 + (0.2 * p), cancellationToken: CancellationToken.None));
            data = await augmentation.AugmentAsync(data, snapshot, embedder, augmenting, cancellationToken);
        }

        var searchStart = augment ? 0.35 : 0.15;
        await Stage("grid search", searchStart);
        var progress = new ThrottledProgress(p => registry.UpdateRunAsync(runId, TrainingRunStatus.Running, "grid search", searchStart + ((0.93 - searchStart) * p), cancellationToken: CancellationToken.None));
        var options = new TrainingOptions(settings.Normalisation, settings.MinSpeakerFiles, settings.Folds, settings.Seed, settings.BalanceClasses, settings.Calibrate);
        var candidates = LearnerGrids.For(settings.Learner, seed: settings.Seed);
        var trained = EmotionModelTrainer.Train(data, candidates, options, progress, cancellationToken);

        await Stage("publish", 0.95);
        var cv = trained.CrossValidation;
        var winner = trained.Candidates[trained.Best];
        var metrics = new ModelMetrics(
            cv.Accuracy, cv.MacroF1, cv.MajorityBaseline, set.Emotions,
            cv.PerClass.Select((c, i) => new ClassMetrics(set.Emotions[i], c.Precision, c.Recall, c.F1, c.Support)).ToList(),
            cv.Confusion, trained.Folds, set.X.Length, set.WeakLabels, set.SpeakerCount, nmi, ari,
            Round(trained.Ece), Round(trained.UncalibratedEce), speakerNmi, trained.SpeakerNormalisedRows, winner.Learner, settings.Normalisation);
        var document = new ModelDocument(
            version, embedder.Id, snapshot.Dimension, set.Emotions, candidates[trained.Best] is ForestLearner forest ? Settings(forest.Parameters, snapshot.Dimension) : null,
            trained.Candidates.Select(GridRow).ToList(), metrics, snapshotKey, DateTimeOffset.UtcNow, Forest: null)
        {
            Classifier = trained.Classifier.ToModel(),
            LearnerSettings = winner.Settings,
            Normalisation = new ModelNormalisation(trained.Normalizer.Mode, trained.Normalizer.MinSpeakerFiles, trained.Normalizer.Global.Mean, trained.Normalizer.Global.Scale),
            Temperature = trained.Temperature,
        };
        var key = await models.WriteModelAsync(document, cancellationToken);
        await registry.AddVersionAsync(
            new ModelVersionRecord(version, embedder.Id, snapshot.Dimension, key, JsonSerializer.Serialize(metrics, JsonSerializerOptions.Web), document.CreatedAt, Active: true),
            activate: true, cancellationToken);
        logger.LogInformation(
            "Model v{Version}: {Learner} on {Normalisation}-normalised {Embedder} vectors, {Files} labelled files ({Weak} weak), {Speakers} speakers ({SpeakerNormalised} files by their own speaker's statistics), {Folds}-fold speaker-grouped CV accuracy {Accuracy:P1} (baseline {Baseline:P1}), macro-F1 {MacroF1:F3}, ECE {Ece:F3} (T = {Temperature:F2})",
            version, winner.Learner, settings.Normalisation, embedder.Id, set.X.Length, set.WeakLabels, set.SpeakerCount, trained.SpeakerNormalisedRows, trained.Folds,
            cv.Accuracy, cv.MajorityBaseline, cv.MacroF1, trained.Ece, trained.Temperature);
        return version;
    }

    private static GridScore GridRow(CandidateScore c) =>
        new(null, Math.Round(c.Accuracy, 6), Math.Round(c.MacroF1, 6), c.Learner, c.Settings);

    private static double Round(double value) => Math.Round(value, 6);

    private static ForestSettings Settings(ForestParameters p, int dimension) =>
        new(p.Trees, p.MaxDepth, p.MinSamplesLeaf, p.MaxFeatures ?? Math.Max(1, (int)Math.Sqrt(dimension)), p.Seed);
}
