namespace EmotionGrid.Grains.Labels;

/// <summary>
/// The one rule for speaker names, wherever they come in (labels CSV, upload, predict, <c>PUT /api/files/{id}/speaker</c>):
/// 1–64 ASCII letters, digits, '.', '_' or '-', case kept. Narrow on purpose: a speaker groups cross-validation folds and
/// keys per-speaker statistics, and is shown in the dashboard and CLI tables, so it must be safe and exact everywhere.
/// </summary>
public static class SpeakerName
{
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="value"/> is not a speaker name, or null when it is one.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "the speaker is empty: use 1–64 letters, digits, '.', '_' or '-'";
        }

        if (value.Length > MaxLength)
        {
            return $"the speaker is {value.Length} characters long; at most {MaxLength} are allowed";
        }

        var bad = value.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
        return bad == default
            ? null
            : $"the speaker '{Printable(value)}' has {Describe(bad)}: use only letters (A–Z, a–z), digits, '.', '_' or '-'";
    }

    /// <summary>Returns <paramref name="value"/> unchanged, or throws <see cref="LabelFormatException"/> (a 400) with the reason.</summary>
    public static string Validate(string? value) => Problem(value) is { } problem ? throw new LabelFormatException(problem) : value!;

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
        ? $"a {(c == ' ' ? "space" : $"control or space character (U+{(int)c:X4})")}"
        : $"the character '{c}'";

    /// <summary>The name as it can be echoed safely in a message: control characters shown as '?'.</summary>
    private static string Printable(string value) => new(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
