using System.Text.Json;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Grains.Models;
using EmotionGrid.Storage.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EmotionGrid.Silo.Api;

/// <summary>Training runs and model versions: train, follow a run, list, inspect, activate (roll back).</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Models");
        group.MapPost("/train", TrainAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/training", async Task<Ok<List<TrainingRunView>>> (IModelRegistry registry, CancellationToken ct) =>
            TypedResults.Ok((await registry.ListRecentRunsAsync(20, ct)).Select(View).ToList()));
        group.MapGet("/training/{runId}", GetRunAsync);
        group.MapGet("/models", async Task<Ok<List<ModelSummary>>> (IModelRegistry registry, CancellationToken ct) =>
            TypedResults.Ok((await registry.ListVersionsAsync(ct)).Select(Summary).ToList()));
        group.MapGet("/models/{version:int}", GetAsync);
        group.MapPost("/models/{version:int}/activate", ActivateAsync);
        group.MapPost("/models/{version:int}/rescore", RescoreAsync);
        return app;
    }

    /// <summary>Starts a run on the training grain; data that cannot make a model is refused there (422, via the exception handler).</summary>
    private static async Task<Results<Accepted<TrainingRunAccepted>, ProblemResult<Status409>>> TrainAsync(IGrainFactory grains)
    {
        var start = await grains.GetGrain<ITrainingGrain>(ITrainingGrain.Key).StartAsync();
        return start.Started
            ? TypedResults.Accepted($"/api/training/{start.RunId}", new TrainingRunAccepted(start.RunId))
            : Problems.Conflict($"training run {start.RunId} is already {start.Status}; one run at a time (GET /api/training/{start.RunId})");
    }

    private static async Task<Results<Ok<TrainingRunView>, ProblemResult<Status404>>> GetRunAsync(string runId, IModelRegistry registry, CancellationToken cancellationToken) =>
        await registry.GetRunAsync(runId, cancellationToken) is { } run ? TypedResults.Ok(View(run)) : Problems.NotFound($"no training run '{runId}'");

    private static async Task<Results<Ok<ModelDetail>, ProblemResult<Status404>>> GetAsync(int version, IModelRegistry registry, ModelStore models, CancellationToken cancellationToken)
    {
        var record = await registry.GetVersionAsync(version, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"no model version {version}");
        }

        var document = await models.ReadModelAsync(record.ModelBlob, cancellationToken);
        return TypedResults.Ok(new ModelDetail(Summary(record), document.Emotions, document.Parameters, document.Grid, document.Metrics, document.Snapshot,
            document.LearnerSettings, document.Normalisation?.MinSpeakerFiles, document.Temperature));
    }

    private static async Task<Results<Ok<ModelSummary>, ProblemResult<Status404>>> ActivateAsync(int version, IModelRegistry registry, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!await grains.GetGrain<ITrainingGrain>(ITrainingGrain.Key).ActivateAsync(version))
        {
            return Problems.NotFound($"no model version {version}");
        }

        return TypedResults.Ok(Summary((await registry.GetVersionAsync(version, cancellationToken))!));
    }

    /// <summary>
    /// Re-scores every file with the active version again, with speakers' statistics as the catalog has them now
    /// (a speaker's new files change them; a speaker who now has enough files gets their own). Returns at once.
    /// </summary>
    private static async Task<Results<Accepted<ModelSummary>, ProblemResult<Status404>, ProblemResult<Status409>>> RescoreAsync(
        int version, IModelRegistry registry, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var record = await registry.GetVersionAsync(version, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"no model version {version}");
        }

        if (!record.Active)
        {
            return Problems.Conflict($"model v{version} is not active; only the active version's predictions are in the catalog (activate it first)");
        }

        await grains.GetGrain<IRescoringGrain>(version).StartAsync();
        return TypedResults.Accepted($"/api/models/{version}", Summary(record));
    }

    private static TrainingRunView View(TrainingRunRecord run) =>
        new(run.RunId, run.Status, run.Stage, Math.Round(run.Progress, 3), run.ModelVersion, run.Error, run.CreatedAt, run.UpdatedAt);

    private static ModelSummary Summary(ModelVersionRecord record)
    {
        var metrics = JsonSerializer.Deserialize<ModelMetrics>(record.MetricsJson, JsonSerializerOptions.Web)!;
        return new ModelSummary(record.Version, record.Embedder, record.Dimension, record.CreatedAt, record.Active, metrics.Accuracy, metrics.MacroF1, metrics.MajorityBaseline,
            metrics.Learner ?? "forest", metrics.Normalisation ?? "none");
    }
}
