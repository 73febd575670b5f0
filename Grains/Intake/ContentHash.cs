using System.Security.Cryptography;

namespace EmotionGrid.Grains.Intake;

/// <summary>A file's identity: SHA-256 of its bytes, lower-case hex.</summary>
public static class ContentHash
{
    public static async Task<string> ComputeAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var hash = await SHA256.HashDataAsync(content, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    public static bool IsValid(string? id) =>
        id is { Length: 64 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
