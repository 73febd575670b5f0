using EmotionGrid.Audio;
using EmotionGrid.Grains.Clustering;
using EmotionGrid.Grains.Inference;
using EmotionGrid.Grains.Labels;
using EmotionGrid.Grains.Training;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// The one place where exceptions become problem responses: each domain exception (thrown in a grain or in
/// the API; Orleans carries EmotionGrid's exception types across silos, see OrleansRegistration) maps to its
/// status, with its message as the detail. Anything else is left to the default handler: a 500 without internals.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = StatusOf(exception);
        if (status is null)
        {
            return false;
        }

        logger.LogInformation("{Method} {Path} → {Status}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, status, exception.Message);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = Problems.Create(status.Value, exception.Message),
        });
    }

    public static int? StatusOf(Exception exception) => exception switch
    {
        TrainingRefusedException or AudioFormatException => StatusCodes.Status422UnprocessableEntity,
        NoModelException or NotEnoughFilesException => StatusCodes.Status409Conflict,
        UnknownClusterException => StatusCodes.Status404NotFound,
        UploadTooLargeException => StatusCodes.Status413PayloadTooLarge,
        EmptyUploadException or LabelFormatException => StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,

        // The cluster did not answer in time, or the silo holding the grain just went away: try again.
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException => StatusCodes.Status503ServiceUnavailable,
        _ => null,
    };
}
