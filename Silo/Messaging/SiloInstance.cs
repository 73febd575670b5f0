namespace EmotionGrid.Silo.Messaging;

/// <summary>This process's identity among silos: host name plus a random suffix, stable for the process lifetime.</summary>
public static class SiloInstance
{
    public static string Id { get; } = $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
}
