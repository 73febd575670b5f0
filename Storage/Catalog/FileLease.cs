namespace EmotionGrid.Storage.Catalog;

/// <summary>
/// A claim to process one file: <paramref name="Owner"/> (a silo's identity) holds it until now +
/// <paramref name="Duration"/> and renews it while it works. Another owner takes the file over only once the
/// lease has expired, or at once when the caller knows the holder is dead (<paramref name="TakeOverFrom"/>:
/// Orleans declared that silo dead, so it can no longer write).
/// </summary>
public sealed record FileLease(string Owner, TimeSpan Duration, string? TakeOverFrom = null);
