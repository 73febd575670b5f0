using System.Net;

namespace EmotionGrid.Client.Api;

/// <summary>The server answered with an error; <see cref="Exception.Message"/> carries its problem <c>detail</c>.</summary>
public sealed class EmotionGridApiException : Exception
{
    public EmotionGridApiException(HttpStatusCode statusCode, string detail)
        : base(detail)
    {
        StatusCode = statusCode;
    }

    public EmotionGridApiException()
        : this(HttpStatusCode.InternalServerError, "the server answered with an error")
    {
    }

    public EmotionGridApiException(string message)
        : this(HttpStatusCode.InternalServerError, message)
    {
    }

    public EmotionGridApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = HttpStatusCode.InternalServerError;
    }

    public HttpStatusCode StatusCode { get; }
}
