namespace EmotionGrid.Audio.Batching;

/// <summary>How a <see cref="DynamicBatcher"/> groups queued clips into model runs; checked by its constructor.</summary>
public sealed record DynamicBatchingOptions
{
    /// <summary>Most clips in one model run (at least 1; default 1, no batching).</summary>
    public int MaxBatch { get; init; } = 1;

    /// <summary>
    /// Most padded audio in one run, in seconds at 16 kHz: clips × longest clip (default 160). Bounds the
    /// model's input tensor, so memory stays flat however long the clips are; a longer single clip still runs, alone.
    /// </summary>
    public double MaxBatchSeconds { get; init; } = 160;

    /// <summary>
    /// How long the oldest queued clip may wait for a run to fill up (default zero: a free runner takes
    /// whatever is queued at once, and clips arriving while every runner is busy form the next batch).
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.Zero;

    /// <summary>Model runs at once, each on its own dedicated thread (at least 1, at most <see cref="MaxRunners"/>; default 1).</summary>
    public int Runners { get; init; } = 1;

    /// <summary>Upper bound of <see cref="Runners"/>: each runner is a thread, and a model rarely gains from more.</summary>
    internal const int MaxRunners = 256;

    /// <summary>Upper bound of <see cref="MaxWait"/>: what a timer accepts, far beyond any useful wait.</summary>
    internal static TimeSpan MaxWaitLimit { get; } = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary><see cref="MaxBatchSeconds"/> in samples at 16 kHz, at least 1.</summary>
    internal long MaxBatchSamples => (long)Math.Clamp(Math.Ceiling(MaxBatchSeconds * PreparedAudio.SampleRate), 1, 1e18);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first unusable option.</summary>
    internal void Validate()
    {
        if (MaxBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, "MaxBatch must be at least 1");
        }

        if (!double.IsFinite(MaxBatchSeconds) || MaxBatchSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSeconds), MaxBatchSeconds, "MaxBatchSeconds must be a finite number more than 0");
        }

        if (MaxWait < TimeSpan.Zero || MaxWait > MaxWaitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWait), MaxWait, "MaxWait must be zero or more and at most int.MaxValue milliseconds");
        }

        if (Runners is < 1 or > MaxRunners)
        {
            throw new ArgumentOutOfRangeException(nameof(Runners), Runners, $"Runners must be between 1 and {MaxRunners}");
        }
    }
}
