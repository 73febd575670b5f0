namespace EmotionGrid.Audio;

/// <summary>Limits the <see cref="WavDecoder"/> enforces on clip length.</summary>
public sealed record WavDecoderOptions
{
    public static WavDecoderOptions Default { get; } = new();

    /// <summary>Shorter clips are rejected: there is too little speech to say anything about emotion.</summary>
    public double MinSeconds { get; init; } = 0.25;

    /// <summary>Longer clips are rejected, from the header before any allocation where the size is declared.</summary>
    public double MaxSeconds { get; init; } = 14_400;
}
