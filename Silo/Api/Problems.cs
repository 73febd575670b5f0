using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// RFC 9457 problem responses (<c>application/problem+json</c>), each with a specific detail. Typed, so an
/// endpoint's <c>Results&lt;…&gt;</c> tells OpenAPI every status it can answer. Exceptions that mean one of
/// these are mapped in one place, <see cref="ProblemExceptionHandler"/>.
/// </summary>
public static class Problems
{
    public static ProblemResult<Status400> BadRequest(string detail) => new(Create(StatusCodes.Status400BadRequest, detail));

    public static ProblemResult<Status404> NotFound(string detail) => new(Create(StatusCodes.Status404NotFound, detail));

    public static ProblemResult<Status409> Conflict(string detail) => new(Create(StatusCodes.Status409Conflict, detail));

    public static ProblemResult<Status422> Unprocessable(string detail) => new(Create(StatusCodes.Status422UnprocessableEntity, detail));

    public static ProblemHttpResult Unauthorized(string detail) => Status(StatusCodes.Status401Unauthorized, detail);

    public static ProblemHttpResult ServiceUnavailable(string detail) => Status(StatusCodes.Status503ServiceUnavailable, detail);

    public static ProblemHttpResult TooLarge(string detail) => Status(StatusCodes.Status413PayloadTooLarge, detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) => Status(StatusCodes.Status415UnsupportedMediaType, detail);

    public static ProblemHttpResult Status(int status, string detail) => TypedResults.Problem(Create(status, detail));

    public static ProblemDetails Create(int status, string detail) => new() { Status = status, Title = Title(status), Detail = detail };

    public static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status422UnprocessableEntity => "Unprocessable",
        StatusCodes.Status503ServiceUnavailable => "Service unavailable",
        _ => "Error",
    };
}
