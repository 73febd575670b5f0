using EmotionGrid.Audio;
using EmotionGrid.Contracts.Clusters;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Contracts.Labels;
using EmotionGrid.Grains.Labels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// Labels four ways in: file names (at intake), a CSV, one file, or a person naming a cluster. Bad labels
/// (<see cref="LabelFormatException"/>), unknown clusters and too few files are mapped by <see cref="ProblemExceptionHandler"/>.
/// </summary>
public static class LabelEndpoints
{
    private const int MaxCsvBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapLabelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/labels", ImportCsvAsync).WithTags("Labels").Accepts<string>("text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapPut("/api/files/{id}/label", LabelFileAsync).WithTags("Labels");
        app.MapGet("/api/clusters", ViewClustersAsync).WithTags("Clusters").ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPut("/api/clusters/{clusterId:int}/label", NameClusterAsync).WithTags("Clusters")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<LabelImportResult>, ProblemHttpResult>> ImportCsvAsync(HttpRequest request, LabelImporter importer, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxCsvBytes)
        {
            return Problems.TooLarge($"the labels CSV is larger than {MaxCsvBytes} bytes");
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return TypedResults.Ok(await importer.ImportCsvAsync(text, cancellationToken));
    }

    private static async Task<Results<Ok<FileLabel>, ProblemResult<Status400>, ProblemResult<Status404>>> LabelFileAsync(
        string id, LabelRequest? body, LabelImporter importer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Emotion))
        {
            return Problems.BadRequest("send {\"emotion\": \"...\"}");
        }

        return await importer.LabelFileAsync(id, body.Emotion, cancellationToken)
            ? TypedResults.Ok(new FileLabel(id, EmotionName.Normalize(body.Emotion)))
            : Problems.NotFound($"no file with id '{id}'");
    }

    private static async Task<Ok<ClusterView>> ViewClustersAsync(IGrainFactory grains, IAudioEmbedder embedder) =>
        TypedResults.Ok(await grains.GetGrain<IClusteringGrain>(embedder.Id).ViewAsync());

    private static async Task<Results<Ok<ClusterLabelResult>, ProblemResult<Status400>>> NameClusterAsync(
        int clusterId, LabelRequest? body, IGrainFactory grains, IAudioEmbedder embedder)
    {
        if (string.IsNullOrWhiteSpace(body?.Emotion))
        {
            return Problems.BadRequest("send {\"emotion\": \"...\"}");
        }

        return TypedResults.Ok(await grains.GetGrain<IClusteringGrain>(embedder.Id).NameAsync(clusterId, EmotionName.Normalize(body.Emotion)));
    }
}

/// <summary><c>PUT /api/files/{id}/label</c>: the label now on the file.</summary>
public sealed record FileLabel(string Id, string Emotion);
