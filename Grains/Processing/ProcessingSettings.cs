namespace EmotionGrid.Grains.Processing;

/// <summary>How a silo processes files (from <c>EmotionGrid:Processing</c> and <c>EmotionGrid:Gateway</c>).</summary>
public sealed record ProcessingSettings
{
    /// <summary>Files decoded and embedded at once on this silo.</summary>
    public int FileConcurrency { get; init; } = 2;

    /// <summary>Clips embedded at once for predictions on this silo.</summary>
    public int PredictionConcurrency { get; init; } = 2;

    /// <summary>Files transcribed at once (their own pool, after their embedding).</summary>
    public int TranscriptionConcurrency { get; init; } = 1;

    /// <summary>How often the sweeper re-drives rows left queued or processing.</summary>
    public TimeSpan SweepPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A file whose processing was started this many times without finishing (each time the silo stopped or
    /// crashed on it) is marked failed instead of being tried again forever.
    /// </summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// How long a silo's claim on a file lasts without renewal (renewed every third of it while it works). Another
    /// silo takes the file over after that, or at once when the cluster declares the holder dead.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <c>incoming/</c> is listed when nothing hints at a change.</summary>
    public TimeSpan RescanPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A blob must keep its size and time this long before it is read (it may still be being written).</summary>
    public TimeSpan IncomingStableAfter { get; init; } = TimeSpan.FromMilliseconds(500);
}
