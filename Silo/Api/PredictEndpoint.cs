using EmotionGrid.Contracts.Predictions;
using EmotionGrid.Contracts.Grains;
using Orleans.Concurrency;
using EmotionGrid.Silo.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// <c>POST /api/predict</c>: a WAV as multipart part <c>file</c>, or as the raw body (with
/// <c>Content-Disposition: attachment; filename="x.wav"</c>, as the first original project's clients send it).
/// The clip is not kept unless <c>?store=true</c>, which also puts it in the bucket.
/// </summary>
public static class PredictEndpoint
{
    public static IEndpointRouteBuilder MapPredictEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/predict", HandleAsync).WithTags("Predict").DisableAntiforgery().RequireRateLimiting(ApiRegistration.PredictLimiter)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>No model (409), undecodable audio (422) and too large (413) come back as exceptions, mapped by <see cref="ProblemExceptionHandler"/>.</summary>
    private static async Task<Results<Ok<PredictionResult>, ProblemResult<Status400>>> HandleAsync(
        HttpRequest request, bool? store, IGrainFactory grains, BucketUploader uploader, IOptions<EmotionGridOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.Gateway.MaxUploadBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null; // the clip's own limit is enforced while reading
        }

        var (name, body) = await OpenClipAsync(request, cancellationToken);
        if (body is null)
        {
            return Problems.BadRequest("send a WAV as the multipart part 'file' or as the request body");
        }

        using var clip = new MemoryStream();
        await new HashingLimitedStream(body, maxBytes, "the clip").CopyToAsync(clip, cancellationToken);
        if (clip.Length == 0)
        {
            return Problems.BadRequest("the clip is empty");
        }

        // The local silo's stateless inference grain; the clip travels as an immutable array (no copy).
        var result = await grains.GetGrain<IInferenceGrain>(0).PredictClipAsync(new Immutable<byte[]>(clip.ToArray()));
        if (store == true)
        {
            clip.Position = 0;
            var stored = await uploader.StoreAsync(name ?? "prediction.wav", clip, maxBytes, cancellationToken);
            result = result with { FileId = stored.Id };
        }

        return TypedResults.Ok(result);
    }

    private static async Task<(string? Name, Stream? Body)> OpenClipAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var boundary = request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (boundary is null)
        {
            var disposition = request.Headers.ContentDisposition.ToString();
            var name = ContentDispositionHeaderValue.TryParse(disposition, out var header)
                ? HeaderUtilities.RemoveQuotes(header.FileNameStar.HasValue ? header.FileNameStar : header.FileName).Value
                : null;
            return (name, request.Body);
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var part)
                && part.IsFileDisposition()
                && HeaderUtilities.RemoveQuotes(part.Name).Value == UploadEndpoint.PartName)
            {
                return (HeaderUtilities.RemoveQuotes(part.FileNameStar.HasValue ? part.FileNameStar : part.FileName).Value, section.Body);
            }
        }

        return (null, null);
    }
}
