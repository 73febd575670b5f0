namespace EmotionGrid.Audio;

/// <summary>
/// A decoded clip, already down-mixed to mono (channels averaged) at its original rate.
/// <paramref name="Channels"/> and <paramref name="BitsPerSample"/> describe the source file.
/// </summary>
public sealed record DecodedAudio(
    float[] Samples,
    int SampleRate,
    int Channels,
    int BitsPerSample,
    string Encoding,
    IReadOnlyList<string> Warnings)
{
    public double DurationSeconds => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;
}
