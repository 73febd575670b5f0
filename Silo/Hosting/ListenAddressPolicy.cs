using System.Net;

namespace EmotionGrid.Silo.Hosting;

/// <summary>The silo refuses to listen beyond loopback without an API key, unless told anonymous access is intended.</summary>
public static class ListenAddressPolicy
{
    /// <summary>The first listen URL that is not loopback, or null.</summary>
    public static string? FirstNonLoopback(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(url => !IsLoopback(url));

    private static bool IsLoopback(string url)
    {
        var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
