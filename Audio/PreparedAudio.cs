namespace EmotionGrid.Audio;

/// <summary>A clip ready for embedding: 16 kHz mono, plus what the source file was.</summary>
public sealed record PreparedAudio(
    float[] Samples,
    double DurationSeconds,
    int SourceSampleRate,
    int SourceChannels,
    string SourceEncoding,
    IReadOnlyList<string> Warnings)
{
    public const int SampleRate = 16_000;
}
