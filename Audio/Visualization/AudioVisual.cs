namespace EmotionGrid.Audio.Visualization;

/// <summary>
/// What the dashboard draws for a file (the first original project's plots): a min/max waveform envelope
/// and a log-mel spectrogram in dB (frames × bands), both pooled down to a bounded size.
/// </summary>
public sealed record AudioVisual(double DurationSeconds, WaveformEnvelope Waveform, LogMelImage LogMel);

public sealed record WaveformEnvelope(float[] Min, float[] Max);

public sealed record LogMelImage(int Bands, double HopSeconds, int Frames, float[][] Values);
