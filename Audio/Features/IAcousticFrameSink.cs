namespace EmotionGrid.Audio.Features;

/// <summary>
/// Sees each frame <see cref="AcousticFeatureEmbedder"/> analyses, right after the analysis, while
/// the frame's spectrum, mel powers and pitch block are still in the scratch.
/// </summary>
internal interface IAcousticFrameSink
{
    /// <summary>
    /// Frame <paramref name="t"/>: <paramref name="f0"/> in Hz (0 when unvoiced);
    /// <see cref="AcousticFrameAnalyzer.Scratch.Power"/> holds the Hann-windowed power spectrum,
    /// <see cref="AcousticFrameAnalyzer.Scratch.Mel"/> the 40 mel powers and
    /// <see cref="AcousticFrameAnalyzer.Scratch.PitchBlock"/> the block YIN read.
    /// </summary>
    void OnFrame(int t, double f0, AcousticFrameAnalyzer.Scratch scratch);
}
