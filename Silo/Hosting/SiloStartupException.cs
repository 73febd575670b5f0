namespace EmotionGrid.Silo.Hosting;

/// <summary>The silo cannot start as configured (e.g. the Wav2Vec2 model or ONNX Runtime is missing); the message says what to do.</summary>
public sealed class SiloStartupException(string message, Exception? inner = null) : Exception(message, inner);
