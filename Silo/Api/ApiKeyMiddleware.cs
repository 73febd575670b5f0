using System.Security.Cryptography;
using System.Text;
using EmotionGrid.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// With <c>Gateway:ApiKey</c> set, mutating API requests need the key in <c>X-Api-Key</c>, and so does every
/// request to Orleans' dashboard at <c>/orleans</c> (an admin surface), which also takes it as the password of
/// HTTP Basic authentication so a browser can open it. Reads of the API stay open.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<EmotionGridOptions> options)
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.Gateway.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.Gateway.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || Matches(context.Request.Headers[Header].ToString()))
        {
            await next(context);
            return;
        }

        if (IsAdmin(context.Request))
        {
            if (BasicPassword(context.Request) is { } password && Matches(password))
            {
                await next(context);
                return;
            }

            context.Response.Headers.WWWAuthenticate = "Basic realm=\"EmotionGrid\", charset=\"UTF-8\"";
            await Problems.Unauthorized($"Orleans' dashboard needs the API key: in the {Header} header, or as the password of HTTP Basic authentication (EmotionGrid:Gateway:ApiKey)")
                .ExecuteAsync(context);
            return;
        }

        if (!IsMutating(context.Request))
        {
            await next(context);
            return;
        }

        await Problems.Unauthorized($"this request changes data and needs the API key in the {Header} header (EmotionGrid:Gateway:ApiKey)")
            .ExecuteAsync(context);
    }

    private static bool IsMutating(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));

    private static bool IsAdmin(HttpRequest request) => request.Path.StartsWithSegments("/orleans", StringComparison.OrdinalIgnoreCase);

    private static string? BasicPassword(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}
