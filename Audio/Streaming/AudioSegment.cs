namespace EmotionGrid.Audio.Streaming;

/// <summary>
/// One segment of a clip: 16 kHz mono samples from <paramref name="StartSeconds"/> to
/// <paramref name="EndSeconds"/> of the resampled clip (times are sample counts / 16000).
/// <paramref name="Index"/> counts from 0 in the order segments are produced.
/// </summary>
public sealed record AudioSegment(int Index, double StartSeconds, double EndSeconds, float[] Samples)
{
    public double DurationSeconds => EndSeconds - StartSeconds;
}
