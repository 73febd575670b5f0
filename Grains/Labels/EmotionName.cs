namespace EmotionGrid.Grains.Labels;

/// <summary>Emotion labels are short lower-case words (letters, digits, '-', '_'), so they are safe everywhere they are shown.</summary>
public static class EmotionName
{
    public static string Normalize(string value)
    {
        var name = value.Trim().ToLowerInvariant();
        if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new LabelFormatException($"'{value}' is not an emotion name: use 1–32 letters, digits, '-' or '_'");
        }

        return name;
    }
}
