namespace EmotionGrid.Audio;

/// <summary>
/// The embedder port: 16 kHz mono audio in, one fixed-length vector out. Implementations
/// (acoustic features here, Wav2Vec2 on ONNX Runtime elsewhere) must be safe to call concurrently.
/// </summary>
public interface IAudioEmbedder
{
    /// <summary>Stable id of the vector layout, e.g. <c>logmel-v1</c>; changes whenever the layout does.</summary>
    string Id { get; }

    int Dimension { get; }

    /// <summary>Embeds a clip of 16 kHz mono samples. Never returns NaN or infinity.</summary>
    float[] Embed(ReadOnlySpan<float> samples16kMono);
}
