using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Intake;
using EmotionGrid.Silo.Configuration;
using EmotionGrid.Storage.Blobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EmotionGrid.Silo.Gateway;

/// <summary>
/// <c>POST /api/files</c>: streams each multipart part named <c>file</c> into <c>incoming/</c> (hashing as it
/// goes, never buffering a whole file) and takes it into the catalog at once, so the answer carries the id.
/// </summary>
public static class UploadEndpoint
{
    public const string PartName = "file";

    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        IBlobStore store,
        IncomingFileIntake intake,
        IOptions<EmotionGridOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
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
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition()
                || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, PartName, StringComparison.Ordinal))
            {
                continue; // other form fields are ignored; the reader skips their bodies
            }

            var rawName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            var name = BlobKey.SafeName(rawName);
            var tempKey = BlobContainers.Key(BlobContainers.Incoming, $".upload-{Guid.NewGuid():N}.part");
            await using var body = new HashingLimitedStream(section.Body, maxBytes);
            try
            {
                await store.WriteAsync(tempKey, body, overwrite: false, cancellationToken);
            }
            catch (UploadTooLargeException)
            {
                await store.DeleteAsync(tempKey, CancellationToken.None);
                return Problems.TooLarge($"file '{name}' is larger than the upload limit of {maxBytes} bytes (EmotionGrid:Gateway:MaxUploadBytes)");
            }

            if (body.BytesRead == 0)
            {
                await store.DeleteAsync(tempKey, CancellationToken.None);
                return Problems.BadRequest($"file '{name}' is empty");
            }

            var id = body.HashHex;
            var key = await BlobMover.MoveWithoutOverwriteAsync(store, tempKey, BlobContainers.Incoming, name, cancellationToken);
            var result = await intake.AcceptAsync(new BlobItem(key, body.BytesRead, DateTimeOffset.UtcNow), id, cancellationToken);
            stored.Add(new UploadedFile(id, key[(key.IndexOf('/') + 1)..], result.Record.Status));
            loggers.CreateLogger(typeof(UploadEndpoint)).LogInformation("Upload {Name} stored as {Blob} ({Result})", rawName, key, result.Result);
        }

        return stored.Count == 0
            ? Problems.BadRequest("the request has no file part named 'file'")
            : Results.Json(stored, statusCode: StatusCodes.Status202Accepted);
    }
}
