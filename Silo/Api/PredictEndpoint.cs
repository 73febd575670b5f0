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
    /// <remarks>
    /// An optional <c>speaker</c> (form field or <c>?speaker=</c>) goes to the inference grain, which normalises with that
    /// speaker's statistics when the catalog has enough of their files; with <c>?store=true</c> the stored file gets it too.
    /// </remarks>
    private static async Task<Results<Ok<PredictionResult>, ProblemResult<Status400>>> HandleAsync(
        HttpRequest request, bool? store, [FromQuery(Name = SpeakerParameter.Name)] string? speaker, IGrainFactory grains, BucketUploader uploader,
        IOptions<EmotionGridOptions> options, CancellationToken cancellationToken)
    {
        if (SpeakerParameter.Resolve(speaker).Problem is { } queryProblem)
        {
            return Problems.BadRequest(queryProblem); // before the clip is read
        }

        var maxBytes = options.Value.Gateway.MaxUploadBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null; // the clip's own limit is enforced while reading
        }

        using var clip = new MemoryStream();
        var (name, found, field) = await ReadClipAsync(request, clip, maxBytes, cancellationToken);
        var (who, problem) = SpeakerParameter.Resolve(speaker, field); // the query's speaker alone when the form has none
        if (problem is not null)
        {
            return Problems.BadRequest(problem);
        }

        if (!found)
        {
            return Problems.BadRequest("send a WAV as the multipart part 'file' or as the request body");
        }

        if (clip.Length == 0)
        {
            return Problems.BadRequest("the clip is empty");
        }

        // The local silo's stateless inference grain; the clip travels as an immutable array (no copy).
        var result = await grains.GetGrain<IInferenceGrain>(0).PredictClipAsync(new Immutable<byte[]>(clip.ToArray()), who);
        if (store == true)
        {
            clip.Position = 0;
            var stored = await uploader.StoreAsync(name ?? "prediction.wav", clip, maxBytes, who, cancellationToken);
            result = result with { FileId = stored.Id };
        }

        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Copies the clip (the first multipart part <c>file</c>, or the raw body) into <paramref name="clip"/> under the size
    /// limit, and reads a <c>speaker</c> form field wherever it is in the form. <c>Found</c> is false when no clip was sent.
    /// </summary>
    private static async Task<(string? Name, bool Found, string? Speaker)> ReadClipAsync(HttpRequest request, MemoryStream clip, long maxBytes, CancellationToken cancellationToken)
    {
        var boundary = request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (boundary is null)
        {
            var disposition = request.Headers.ContentDisposition.ToString();
            var rawName = ContentDispositionHeaderValue.TryParse(disposition, out var header)
                ? HeaderUtilities.RemoveQuotes(header.FileNameStar.HasValue ? header.FileNameStar : header.FileName).Value
                : null;
            await new HashingLimitedStream(request.Body, maxBytes, "the clip").CopyToAsync(clip, cancellationToken);
            return (rawName, true, null);
        }

        string? name = null;
        string? speaker = null;
        var found = false;
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (SpeakerParameter.IsSpeakerField(section))
            {
                speaker = await SpeakerParameter.ReadFieldAsync(section, cancellationToken);
            }
            else if (!found
                && ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var part)
                && part.IsFileDisposition()
                && HeaderUtilities.RemoveQuotes(part.Name).Value == UploadEndpoint.PartName)
            {
                name = HeaderUtilities.RemoveQuotes(part.FileNameStar.HasValue ? part.FileNameStar : part.FileName).Value;
                await new HashingLimitedStream(section.Body, maxBytes, "the clip").CopyToAsync(clip, cancellationToken);
                found = true;
            }
        }

        return (name, found, speaker);
    }
}
