using System.Security.Cryptography;
using System.Text;
using EmotionGrid.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Gateway;

/// <summary>With <c>Gateway:ApiKey</c> set, mutating API requests need the key in <c>X-Api-Key</c>; reads stay open.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<EmotionGridOptions> options)
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.Gateway.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.Gateway.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || !IsMutating(context.Request) || Matches(context.Request.Headers[Header].ToString()))
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

    private bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}
