namespace EmotionGrid.Audio;

/// <summary>The input is not audio we can decode; <see cref="Exception.Message"/> is a one-line reason for the user.</summary>
public sealed class AudioFormatException(string reason) : Exception(reason);
