using EmotionGrid.Contracts.Labels;
using EmotionGrid.Audio;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Grains.Labels;

namespace EmotionGrid.Silo.Api;

/// <summary>Labels four ways in: file names (at intake), a CSV, one file, or a person naming a cluster.</summary>
public static class LabelEndpoints
{
    private const int MaxCsvBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapLabelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/labels", ImportCsvAsync).WithTags("Labels").Accepts<string>("text/csv");
        app.MapPut("/api/files/{id}/label", LabelFileAsync).WithTags("Labels");
        app.MapGet("/api/clusters", async (IGrainFactory grains, IAudioEmbedder embedder) =>
        {
            try
            {
                return Results.Ok(await grains.GetGrain<IClusteringGrain>(embedder.Id).ViewAsync());
            }
            catch (InvalidOperationException e)
            {
                return Problems.Conflict(e.Message);
            }
        }).WithTags("Clusters");
        app.MapPut("/api/clusters/{clusterId:int}/label", NameClusterAsync).WithTags("Clusters");
        return app;
    }

    private static async Task<IResult> ImportCsvAsync(HttpRequest request, LabelImporter importer, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxCsvBytes)
        {
            return Problems.TooLarge($"the labels CSV is larger than {MaxCsvBytes} bytes");
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            return Results.Ok(await importer.ImportCsvAsync(text, cancellationToken));
        }
        catch (FormatException e)
        {
            return Problems.BadRequest($"labels CSV: {e.Message}");
        }
    }

    private static async Task<IResult> LabelFileAsync(string id, LabelRequest? body, LabelImporter importer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Emotion))
        {
            return Problems.BadRequest("send {\"emotion\": \"...\"}");
        }

        try
        {
            return await importer.LabelFileAsync(id, body.Emotion, cancellationToken)
                ? Results.Ok(new { id, emotion = EmotionName.Normalize(body.Emotion) })
                : Problems.NotFound($"no file with id '{id}'");
        }
        catch (FormatException e)
        {
            return Problems.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> NameClusterAsync(int clusterId, LabelRequest? body, IGrainFactory grains, IAudioEmbedder embedder)
    {
        if (string.IsNullOrWhiteSpace(body?.Emotion))
        {
            return Problems.BadRequest("send {\"emotion\": \"...\"}");
        }

        try
        {
            return Results.Ok(await grains.GetGrain<IClusteringGrain>(embedder.Id).NameAsync(clusterId, EmotionName.Normalize(body.Emotion)));
        }
        catch (FormatException e)
        {
            return Problems.BadRequest(e.Message);
        }
        catch (KeyNotFoundException e)
        {
            return Problems.NotFound(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Problems.Conflict(e.Message);
        }
    }
}
