using System.Globalization;

namespace EmotionGrid.Audio.Streaming;

/// <summary>
/// How <see cref="AudioFrontEnd.ReadSegments"/> cuts a clip into fixed-length 16 kHz segments.
/// With L = <see cref="SegmentSamples"/> and O = <see cref="OverlapSamples"/>, segments are
/// L samples long and start every <see cref="HopSamples"/> = L - O samples; see
/// <see cref="AudioFrontEnd.ReadSegments"/> for the exact rule at the ends.
/// </summary>
public sealed record SegmentOptions
{
    /// <summary>Longest segment accepted: one segment is held in memory, so it must stay modest.</summary>
    public const double MaxSegmentSeconds = 3_600;

    public static SegmentOptions Default { get; } = new();

    /// <summary>Length of a segment in seconds (default 10). Clips no longer than this are one segment.</summary>
    public double SegmentSeconds { get; init; } = 10;

    /// <summary>How much consecutive segments share, in seconds (default 1); more than 0 and less than <see cref="SegmentSeconds"/>.</summary>
    public double OverlapSeconds { get; init; } = 1;

    /// <summary>L: samples per segment at 16 kHz.</summary>
    public int SegmentSamples => (int)Math.Round(SegmentSeconds * PreparedAudio.SampleRate);

    /// <summary>O: samples shared by consecutive segments at 16 kHz.</summary>
    public int OverlapSamples => (int)Math.Round(OverlapSeconds * PreparedAudio.SampleRate);

    /// <summary>L - O: samples between the starts of consecutive segments.</summary>
    public int HopSamples => SegmentSamples - OverlapSamples;

    /// <summary>The reason these options are unusable, or null when they are fine.</summary>
    public string? Problem()
    {
        if (!double.IsFinite(SegmentSeconds) || SegmentSeconds <= 0 || SegmentSeconds > MaxSegmentSeconds || SegmentSamples < 1)
        {
            return Invariant($"SegmentSeconds must be more than 0 and at most {MaxSegmentSeconds} (got {SegmentSeconds})");
        }

        if (!double.IsFinite(OverlapSeconds) || OverlapSeconds <= 0)
        {
            return Invariant($"OverlapSeconds must be more than 0 (got {OverlapSeconds})");
        }

        if (OverlapSeconds >= SegmentSeconds || HopSamples < 1)
        {
            return Invariant($"OverlapSeconds ({OverlapSeconds}) must be less than SegmentSeconds ({SegmentSeconds})");
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason unless the options are usable.</summary>
    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
