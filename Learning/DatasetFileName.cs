using System.Collections.Frozen;

namespace EmotionGrid.Learning;

/// <summary>
/// Emotion and speaker from the naming conventions of the public corpora, so labelled corpora can be
/// dropped in without a CSV. Strict on purpose: a name that merely resembles a convention (wrong digit
/// count, unknown code, extra part) is not labelled, because a wrong label is worse than none.
/// <list type="bullet">
/// <item><description>RAVDESS <c>MM-VV-EE-II-SS-RR-AA.wav</c>: seven 2-digit fields; modality 01–03, vocal
/// channel 01–02 (speech, song), emotion 01–08, intensity, statement and repetition 01–02, actor 01–24.</description></item>
/// <item><description>TESS <c>OAF_word_emotion.wav</c> / <c>YAF_…</c>: emotions angry, disgust, fear, happy,
/// neutral, ps (pleasant surprise), sad.</description></item>
/// <item><description>CREMA-D <c>1001_DFA_ANG_XX.wav</c>: 4-digit actor 1001–1091, 3-letter sentence code,
/// emotion ANG, DIS, FEA, HAP, NEU, SAD, level LO, MD, HI or XX.</description></item>
/// </list>
/// Directories are stripped (either slash); the <c>.wav</c> extension is matched case-insensitively.
/// </summary>
public static class DatasetFileName
{
    private static readonly string[] RavdessEmotions = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"];

    private static readonly FrozenDictionary<string, string> TessEmotions = new Dictionary<string, string>
    {
        ["angry"] = "angry", ["disgust"] = "disgust", ["fear"] = "fearful", ["happy"] = "happy",
        ["neutral"] = "neutral", ["ps"] = "surprised", ["sad"] = "sad",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> CremaEmotions = new Dictionary<string, string>
    {
        ["ANG"] = "angry", ["DIS"] = "disgust", ["FEA"] = "fearful", ["HAP"] = "happy", ["NEU"] = "neutral", ["SAD"] = "sad",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> CremaLevels = new[] { "LO", "MD", "HI", "XX" }.ToFrozenSet(StringComparer.Ordinal);

    public static bool TryParse(string fileName, out DatasetLabel label)
    {
        label = null!;
        if (string.IsNullOrEmpty(fileName))
        {
            return false;
        }

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        if (!name.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var stem = name[..^4];
        var parsed = TryRavdess(stem) ?? TryTess(stem) ?? TryCrema(stem);
        label = parsed!;
        return parsed is not null;
    }

    private static DatasetLabel? TryRavdess(string stem)
    {
        var parts = stem.Split('-');
        if (parts.Length != 7 || !Array.TrueForAll(parts, IsTwoDigits))
        {
            return null;
        }

        var field = Array.ConvertAll(parts, p => ((p[0] - '0') * 10) + (p[1] - '0'));
        var valid = field[0] is >= 1 and <= 3 && field[1] is 1 or 2 && field[2] is >= 1 and <= 8
            && field[3] is 1 or 2 && field[4] is 1 or 2 && field[5] is 1 or 2 && field[6] is >= 1 and <= 24;
        return valid ? new DatasetLabel("ravdess", RavdessEmotions[field[2] - 1], $"ravdess-{parts[6]}") : null;
    }

    private static DatasetLabel? TryTess(string stem)
    {
        var parts = stem.Split('_');
        if (parts.Length != 3 || parts[1].Length == 0 || !parts[1].All(char.IsAsciiLetter))
        {
            return null;
        }

        var speaker = parts[0].ToUpperInvariant();
        return speaker is "OAF" or "YAF" && TessEmotions.TryGetValue(parts[2], out var emotion)
            ? new DatasetLabel("tess", emotion, $"tess-{speaker}")
            : null;
    }

    private static DatasetLabel? TryCrema(string stem)
    {
        var parts = stem.Split('_');
        if (parts.Length != 4 || parts[0].Length != 4 || !parts[0].All(char.IsAsciiDigit)
            || parts[1].Length != 3 || !parts[1].All(char.IsAsciiLetterUpper))
        {
            return null;
        }

        var actor = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        return actor is >= 1001 and <= 1091 && CremaLevels.Contains(parts[3]) && CremaEmotions.TryGetValue(parts[2], out var emotion)
            ? new DatasetLabel("crema-d", emotion, $"crema-{parts[0]}")
            : null;
    }

    private static bool IsTwoDigits(string part) => part.Length == 2 && char.IsAsciiDigit(part[0]) && char.IsAsciiDigit(part[1]);
}
