using Azure;
using System.Net.Sockets;
using System.Security.Authentication;

namespace EmotionGrid.Storage.Azure;

/// <summary>
/// Turns whatever the Azure SDK throws into one line that names the endpoint and what to fix. The SDK's own
/// messages span a dozen lines (headers included) and, after retries, hide the cause inside an AggregateException.
/// </summary>
public static class AzureStorageErrors
{
    /// <summary>One line: <c>Azure Storage at {endpoint}: {cause}</c>. Never contains the account key or a SAS.</summary>
    public static string Describe(Exception exception, string endpoint) => $"Azure Storage at {endpoint}: {Cause(exception)}";

    /// <summary>The cause alone, for messages that already name the endpoint.</summary>
    public static string Cause(Exception exception)
    {
        var e = Innermost(exception);
        return e switch
        {
            RequestFailedException { Status: 403 } r => Forbidden(r),
            RequestFailedException { Status: 0 } r when Network(r) is { } network => network,
            RequestFailedException r => $"{r.Status} {r.ErrorCode ?? "error"}: {FirstLine(r.Message)}",
            _ when Network(e) is { } network => network,
            FormatException or ArgumentException or UriFormatException =>
                $"the connection string is malformed ({FirstLine(e.Message)})",
            _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
        };
    }

    /// <summary>The line of an RFC-style SDK message that says what happened (the rest is headers and codes).</summary>
    internal static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.TrimEnd('.');
    }

    /// <summary>
    /// The key or SAS signature is wrong (or expired): Azure says 403 AuthenticationFailed; Azurite says
    /// AuthorizationFailure with "Server failed to authenticate the request".
    /// </summary>
    public static bool IsCredentialsRefused(RequestFailedException e) =>
        e.Status == 403 && (e.ErrorCode == "AuthenticationFailed" || e.Message.Contains("failed to authenticate", StringComparison.OrdinalIgnoreCase));

    private static string Forbidden(RequestFailedException e) => e.ErrorCode switch
    {
        _ when IsCredentialsRefused(e) =>
            $"the credentials were refused (403 {e.ErrorCode ?? "AuthenticationFailed"}): check the AccountKey or SharedAccessSignature in the connection string",
        "AuthorizationPermissionMismatch" or "AuthorizationFailure" or "AuthorizationResourceTypeMismatch"
            or "AuthorizationServiceMismatch" or "AuthorizationProtocolMismatch" or "AuthorizationSourceIPMismatch" =>
            $"the credentials lack a permission (403 {e.ErrorCode}): the key or SAS needs read, add, create, write, delete and list on the container",
        _ => $"access denied (403 {e.ErrorCode ?? "Forbidden"}): {FirstLine(e.Message)}",
    };

    /// <summary>Why no answer came: refused, unknown host, timed out, TLS; null when the exception is not about the network.</summary>
    private static string? Network(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "cannot connect: connection refused (is the storage endpoint running and the port right?)";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "cannot connect: the host name does not resolve (DNS)";
                case SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException:
                    return "cannot connect: timed out";
                case SocketException socket:
                    return $"cannot connect: {socket.SocketErrorCode}";
                case AuthenticationException tls:
                    return $"TLS handshake failed ({FirstLine(tls.Message)})";
                case TaskCanceledException or OperationCanceledException:
                    return "no answer within the network timeout";
                case HttpRequestException { InnerException: null } http:
                    return $"cannot connect: {FirstLine(http.Message)}";
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>The last attempt's exception when retries gave up, else the exception itself.</summary>
    private static Exception Innermost(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[^1];
        }

        return e;
    }
}
