namespace EmotionGrid.Grains.Labels;

/// <summary>A label, or a labels CSV, that cannot be read: the message says where and why.</summary>
public sealed class LabelFormatException(string message) : FormatException(message);
