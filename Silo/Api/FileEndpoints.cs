using EmotionGrid.Audio;
using EmotionGrid.Audio.Visualization;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Labels;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using EmotionGrid.Silo.Hosting;

namespace EmotionGrid.Silo.Api;

/// <summary>The files API: upload, list, detail, the audio and the vector of each file, and status counts.</summary>
public static class FileEndpoints
{
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/files").WithTags("Files");
        files.MapPost("/", UploadEndpoint.HandleAsync).DisableAntiforgery().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        files.MapGet("/", ListAsync);
        files.MapGet("/{id}", GetAsync);
        files.MapGet("/{id}/audio", GetAudioAsync);
        files.MapGet("/{id}/vector", GetVectorAsync);
        files.MapGet("/{id}/segments/vectors", GetSegmentVectorsAsync);
        files.MapPut("/{id}/speaker", SetSpeakerAsync);
        files.MapGet("/{id}/visual", GetVisualAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/status", StatusAsync).WithTags("Files");
        app.MapGet("/api/stats/throughput", ThroughputAsync).WithTags("Files");
        return app;
    }

    private static async Task<Results<Ok<FilePage>, ProblemResult<Status400>>> ListAsync(
        IFileCatalogQueries catalog, string? status, string? q, string? emotion, string? speaker, string? sort, bool? desc, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(speaker) && SpeakerName.Problem(speaker) is { } speakerProblem)
        {
            return Problems.BadRequest(speakerProblem);
        }

        if (sort is not null && !FileQuery.SortKeys.Contains(sort))
        {
            return Problems.BadRequest($"unknown sort '{sort}'; use one of {string.Join(", ", FileQuery.SortKeys)}");
        }

        if (status is not null && !FileStatus.IsKnown(status))
        {
            return Problems.BadRequest($"unknown status '{status}'; use one of {string.Join(", ", FileStatus.All)}");
        }

        if (page is < 1)
        {
            return Problems.BadRequest("page must be 1 or more");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return Problems.BadRequest($"pageSize must be between 1 and {MaxPageSize}");
        }

        var query = new FileQuery(status, q, page ?? 1, pageSize ?? 50, string.IsNullOrWhiteSpace(emotion) ? null : emotion, sort, desc ?? sort is null or "createdAt" or "updatedAt" or "confidence" or "duration",
            string.IsNullOrEmpty(speaker) ? null : speaker);
        return TypedResults.Ok(await catalog.QueryAsync(query, cancellationToken));
    }

    private static async Task<Results<Ok<FileDetail>, ProblemResult<Status404>>> GetAsync(string id, IFileCatalogQueries catalog, CancellationToken cancellationToken)
    {
        var record = await catalog.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return NoSuchFile(id);
        }

        var aliases = await catalog.GetAliasesAsync(id, cancellationToken);
        var segments = await catalog.GetSegmentsAsync(id, cancellationToken);
        if (record.Transcript is { } transcript)
        {
            segments = segments.Select(s => s with { Text = transcript.TextBetween(s.StartSeconds, s.EndSeconds) }).ToList();
        }

        var warnings = record.Warnings?.Split('\n') ?? [];
        return TypedResults.Ok(new FileDetail(record.ToSummary(), aliases, record.AudioBlob, record.VectorBlob, record.VectorDimension, warnings, record.Attempts, segments, record.Transcript));
    }

    /// <summary><c>PUT /api/files/{id}/speaker</c>: a person's word on who speaks (wins over the file name's); answers the file.</summary>
    private static async Task<Results<Ok<FileSummary>, ProblemResult<Status400>, ProblemResult<Status404>>> SetSpeakerAsync(
        string id, SpeakerRequest? body, IFileCatalog catalog, CancellationToken cancellationToken)
    {
        if (body?.Speaker is null)
        {
            return Problems.BadRequest("send {\"speaker\": \"...\"}");
        }

        if (SpeakerName.Problem(body.Speaker) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        return await catalog.SetSpeakerAsync(id, body.Speaker, cancellationToken) && await catalog.GetAsync(id, cancellationToken) is { } record
            ? TypedResults.Ok(record.ToSummary())
            : NoSuchFile(id);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemResult<Status404>>> GetAudioAsync(string id, IFileCatalogQueries catalog, IBlobStore store, CancellationToken cancellationToken)
    {
        var record = await catalog.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return NoSuchFile(id);
        }

        try
        {
            var stream = await store.OpenReadAsync(record.AudioBlob, cancellationToken);
            return TypedResults.Stream(stream, "audio/wav", record.Name, enableRangeProcessing: stream.CanSeek);
        }
        catch (BlobNotFoundException)
        {
            return Problems.NotFound($"the audio of file {id} is being moved; try again");
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemResult<Status404>>> GetVectorAsync(string id, IFileCatalogQueries catalog, IBlobStore store, CancellationToken cancellationToken)
    {
        var record = await catalog.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return NoSuchFile(id);
        }

        if (record.VectorBlob is null)
        {
            return Problems.NotFound($"file {id} has no vector: its status is '{record.Status}'");
        }

        var stream = await store.OpenReadAsync(record.VectorBlob, cancellationToken);
        return TypedResults.Stream(stream, "application/octet-stream", $"{id}.npy");
    }

    private static async Task<Results<FileStreamHttpResult, ProblemResult<Status404>>> GetSegmentVectorsAsync(string id, IFileCatalogQueries catalog, IBlobStore store, CancellationToken cancellationToken)
    {
        var record = await catalog.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return NoSuchFile(id);
        }

        if (record.SegmentsBlob is null)
        {
            return Problems.NotFound($"file {id} has no segment vectors: it is '{record.Status}' and has {record.SegmentCount} segments");
        }

        var stream = await store.OpenReadAsync(record.SegmentsBlob, cancellationToken);
        return TypedResults.Stream(stream, "application/octet-stream", $"{id}.segments.npy");
    }

    private static async Task<Ok<CatalogSummary>> StatusAsync(IFileCatalogQueries catalog, EmbedderDescription embedder, CancellationToken cancellationToken)
    {
        var counts = await catalog.CountByStatusAsync(cancellationToken);
        var runtime = embedder.Describe();
        return TypedResults.Ok(new CatalogSummary(counts.Values.Sum(), counts, runtime.Id, await catalog.CountByEmotionAsync(cancellationToken), runtime));
    }

    private static async Task<Results<Ok<Throughput>, ProblemResult<Status400>>> ThroughputAsync(IFileCatalogQueries catalog, int? minutes, CancellationToken cancellationToken)
    {
        if (minutes is < 1 or > 10_080)
        {
            return Problems.BadRequest("minutes must be between 1 and 10080 (a week)");
        }

        var window = TimeSpan.FromMinutes(minutes ?? 60);
        var bucket = TimeSpan.FromMinutes(window.TotalMinutes <= 180 ? 1 : Math.Ceiling(window.TotalMinutes / 180));
        var points = await catalog.ThroughputAsync(DateTimeOffset.UtcNow - window, bucket, cancellationToken);
        return TypedResults.Ok(new Throughput((int)bucket.TotalSeconds, points));
    }

    /// <summary>Waveform envelope and log-mel spectrogram of the file's first 10 minutes, for the file detail view.</summary>
    private static async Task<Results<Ok<AudioVisual>, ProblemResult<Status404>>> GetVisualAsync(string id, IFileCatalogQueries catalog, IBlobStore store, AudioFrontEnd frontEnd, CancellationToken cancellationToken)
    {
        var record = await catalog.GetAsync(id, cancellationToken);
        if (record is null)
        {
            return NoSuchFile(id);
        }

        try
        {
            await using var stream = await store.OpenReadAsync(record.AudioBlob, cancellationToken);
            using var segments = frontEnd.ReadSegments(stream, new EmotionGrid.Audio.Streaming.SegmentOptions { SegmentSeconds = 600, OverlapSeconds = 1 });
            var first = segments.First(); // at most 10 minutes in memory whatever the file's length
            return TypedResults.Ok(AudioVisualizer.Compute(first.Samples));
        }
        catch (BlobNotFoundException)
        {
            return Problems.NotFound($"the audio of file {id} is being moved; try again");
        }
    }

    private static ProblemResult<Status404> NoSuchFile(string id) => Problems.NotFound($"no file with id '{id}'");
}

/// <summary><c>GET /api/stats/throughput</c>: files finished per bucket of <see cref="BucketSeconds"/>.</summary>
public sealed record Throughput(int BucketSeconds, IReadOnlyList<ThroughputPoint> Points);
