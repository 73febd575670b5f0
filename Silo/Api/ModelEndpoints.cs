using System.Text.Json;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Grains.Models;
using EmotionGrid.Grains.Training;
using EmotionGrid.Storage.Models;

namespace EmotionGrid.Silo.Api;

/// <summary>Training runs and model versions: train, follow a run, list, inspect, activate (roll back).</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Models");
        group.MapPost("/train", TrainAsync);
        group.MapGet("/training", async (IModelRegistry registry, CancellationToken ct) =>
            Results.Ok((await registry.ListRecentRunsAsync(20, ct)).Select(View).ToList()));
        group.MapGet("/training/{runId}", async (string runId, IModelRegistry registry, CancellationToken ct) =>
            await registry.GetRunAsync(runId, ct) is { } run ? Results.Ok(View(run)) : Problems.NotFound($"no training run '{runId}'"));
        group.MapGet("/models", async (IModelRegistry registry, CancellationToken ct) =>
            Results.Ok((await registry.ListVersionsAsync(ct)).Select(Summary).ToList()));
        group.MapGet("/models/{version:int}", GetAsync);
        group.MapPost("/models/{version:int}/activate", ActivateAsync);
        return app;
    }

    private static async Task<IResult> TrainAsync(IGrainFactory grains)
    {
        try
        {
            var start = await grains.GetGrain<ITrainingGrain>(ITrainingGrain.Key).StartAsync();
            return start.Started
                ? Results.Json(new TrainingRunAccepted(start.RunId), statusCode: StatusCodes.Status202Accepted)
                : Problems.Conflict($"training run {start.RunId} is already {start.Status}; one run at a time (GET /api/training/{start.RunId})");
        }
        catch (TrainingRefusedException e)
        {
            return Problems.Unprocessable(e.Message);
        }
    }

    private static async Task<IResult> GetAsync(int version, IModelRegistry registry, ModelStore models, CancellationToken cancellationToken)
    {
        var record = await registry.GetVersionAsync(version, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"no model version {version}");
        }

        var document = await models.ReadModelAsync(record.ModelBlob, cancellationToken);
        return Results.Ok(new ModelDetail(Summary(record), document.Emotions, document.Parameters, document.Grid, document.Metrics, document.Snapshot));
    }

    private static async Task<IResult> ActivateAsync(int version, IModelRegistry registry, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!await grains.GetGrain<ITrainingGrain>(ITrainingGrain.Key).ActivateAsync(version))
        {
            return Problems.NotFound($"no model version {version}");
        }

        return Results.Ok(Summary((await registry.GetVersionAsync(version, cancellationToken))!));
    }

    private static TrainingRunView View(TrainingRunRecord run) =>
        new(run.RunId, run.Status, run.Stage, Math.Round(run.Progress, 3), run.ModelVersion, run.Error, run.CreatedAt, run.UpdatedAt);

    private static ModelSummary Summary(ModelVersionRecord record)
    {
        var metrics = JsonSerializer.Deserialize<ModelMetrics>(record.MetricsJson, JsonSerializerOptions.Web)!;
        return new ModelSummary(record.Version, record.Embedder, record.Dimension, record.CreatedAt, record.Active, metrics.Accuracy, metrics.MacroF1, metrics.MajorityBaseline);
    }
}
