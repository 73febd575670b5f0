using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// A typed problem response: written as <c>application/problem+json</c> (ASP.NET Core's <c>NotFound&lt;ProblemDetails&gt;</c>
/// writes plain <c>application/json</c>) and described to OpenAPI with its status and the ProblemDetails schema.
/// </summary>
public sealed class ProblemResult<TStatus>(ProblemDetails problem) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
    where TStatus : IProblemStatus
{
    public ProblemDetails Value { get; } = problem;

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => TStatus.Code;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(TStatus.Code, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>The status of a <see cref="ProblemResult{TStatus}"/>, known at compile time so OpenAPI can list it.</summary>
public interface IProblemStatus
{
    static abstract int Code { get; }
}

public sealed class Status400 : IProblemStatus
{
    public static int Code => StatusCodes.Status400BadRequest;
}

public sealed class Status404 : IProblemStatus
{
    public static int Code => StatusCodes.Status404NotFound;
}

public sealed class Status409 : IProblemStatus
{
    public static int Code => StatusCodes.Status409Conflict;
}

public sealed class Status422 : IProblemStatus
{
    public static int Code => StatusCodes.Status422UnprocessableEntity;
}
