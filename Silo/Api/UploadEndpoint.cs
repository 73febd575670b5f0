using EmotionGrid.Contracts.Files;
using EmotionGrid.Silo.Configuration;
using EmotionGrid.Storage.Blobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// <c>POST /api/files</c>: streams each multipart part named <c>file</c> into <c>incoming/</c> (hashing as it
/// goes, never buffering a whole file) and takes it into the catalog at once, so the answer carries the id.
/// An optional <c>speaker</c> (form field or <c>?speaker=</c>) is who speaks in every file of the request; a field after
/// some file parts is applied to those files too (send it first so each file is registered with it).
/// </summary>
public static class UploadEndpoint
{
    public const string PartName = "file";

    /// <summary>A file past the limit (413) or empty (400) comes back as an exception, mapped by <see cref="ProblemExceptionHandler"/>.</summary>
    public static async Task<Results<Accepted<List<UploadedFile>>, ProblemResult<Status400>, ProblemHttpResult>> HandleAsync(
        HttpRequest request,
        BucketUploader uploader,
        IOptions<EmotionGridOptions> options,
        [FromQuery(Name = SpeakerParameter.Name)] string? speaker,
        CancellationToken cancellationToken)
    {
        var (fromQuery, queryProblem) = SpeakerParameter.Resolve(speaker);
        if (queryProblem is not null)
        {
            return Problems.BadRequest(queryProblem); // before any byte is stored
        }

        var boundary = request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var media)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (!request.HasFormContentType || string.IsNullOrEmpty(boundary))
        {
            return Problems.UnsupportedMediaType("send multipart/form-data with one or more parts named 'file'");
        }

        // The limit is per file and enforced while streaming; the request as a whole may carry many files.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var maxBytes = options.Value.Gateway.MaxUploadBytes;
        var reader = new MultipartReader(boundary, request.Body);
        var stored = new List<UploadedFile>();
        var current = fromQuery;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (SpeakerParameter.IsSpeakerField(section))
            {
                var (fromForm, problem) = SpeakerParameter.Resolve(speaker, await SpeakerParameter.ReadFieldAsync(section, cancellationToken));
                if (problem is not null)
                {
                    return Problems.BadRequest(problem);
                }

                current = fromForm ?? current;
                for (var i = 0; i < stored.Count && current is not null; i++)
                {
                    stored[i] = stored[i].Speaker == current ? stored[i] : await uploader.SetSpeakerAsync(stored[i], current, cancellationToken);
                }

                continue;
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition()
                || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, PartName, StringComparison.Ordinal))
            {
                continue; // other form fields are ignored; the reader skips their bodies
            }

            var rawName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            stored.Add(await uploader.StoreAsync(rawName, section.Body, maxBytes, current, cancellationToken));
        }

        return stored.Count == 0
            ? Problems.BadRequest("the request has no file part named 'file'")
            : TypedResults.Accepted((string?)null, stored);
    }
}
