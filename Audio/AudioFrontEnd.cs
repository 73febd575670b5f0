namespace EmotionGrid.Audio;

/// <summary>
/// Turns an uploaded WAV into what every embedder takes: 16 kHz mono float samples.
/// Thread-safe when the decoder is (the <see cref="WavDecoder"/> is).
/// </summary>
public sealed class AudioFrontEnd(WavDecoder decoder)
{
    public AudioFrontEnd()
        : this(new WavDecoder())
    {
    }

    /// <summary>Decodes and resamples; throws <see cref="AudioFormatException"/> for anything undecodable.</summary>
    public PreparedAudio Prepare(Stream wav)
    {
        var decoded = decoder.Decode(wav);
        var samples = PolyphaseResampler.Resample(decoded.Samples, decoded.SampleRate, PreparedAudio.SampleRate);
        return new PreparedAudio(
            samples,
            decoded.DurationSeconds,
            decoded.SampleRate,
            decoded.Channels,
            decoded.Encoding,
            decoded.Warnings);
    }
}
