using System.Text;

namespace EmotionGrid.Storage.Blobs;

/// <summary>Validation of blob keys and of the names users give files.</summary>
public static class BlobKey
{
    /// <summary>The longest safe name, in UTF-8 bytes (so also in characters): file systems limit names to 255 bytes.</summary>
    private const int MaxNameLength = 200;

    /// <summary>A longer "extension" is just the tail of a name with a dot in it, not worth keeping whole.</summary>
    private const int MaxExtensionLength = 16;

    /// <summary>
    /// Turns a user-supplied file name into a safe single segment: directory parts dropped, control
    /// characters and reserved characters replaced, no leading dots (hidden/upload-temp names), bounded length.
    /// </summary>
    public static string SafeName(string? name, string fallback = "upload.wav")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }

        var lastSegment = name.Replace('\\', '/');
        lastSegment = lastSegment[(lastSegment.LastIndexOf('/') + 1)..];
        var chars = new char[lastSegment.Length];
        for (var i = 0; i < lastSegment.Length; i++)
        {
            var c = lastSegment[i];
            var loneSurrogate = char.IsHighSurrogate(c)
                ? i + 1 == lastSegment.Length || !char.IsLowSurrogate(lastSegment[i + 1])
                : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(lastSegment[i - 1]));
            chars[i] = char.IsControl(c) || loneSurrogate || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c;
        }

        var safe = new string(chars).Replace("..", "_", StringComparison.Ordinal).Trim().TrimStart('.', ' ');
        if (safe.Length == 0)
        {
            return fallback;
        }

        return Encoding.UTF8.GetByteCount(safe) > MaxNameLength ? Shorten(safe) : safe;
    }

    /// <summary>Throws unless the key is <c>container/segment[/segment…]</c> with no traversal or empty segment.</summary>
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var segments = key.Split('/');
        if (segments.Length < 2 || segments.Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\') || s.Any(char.IsControl)))
        {
            throw new ArgumentException($"invalid blob key '{key}'", nameof(key));
        }
    }

    /// <summary>Cuts a name to <see cref="MaxNameLength"/> UTF-8 bytes, whole characters only, keeping a short extension.</summary>
    private static string Shorten(string name)
    {
        var ext = Path.GetExtension(name);
        if (ext.Length > MaxExtensionLength)
        {
            ext = "";
        }

        var budget = MaxNameLength - Encoding.UTF8.GetByteCount(ext);
        var stem = new StringBuilder();
        var used = 0;
        foreach (var rune in name.AsSpan(0, name.Length - ext.Length).EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            stem.Append(rune.ToString());
            used += rune.Utf8SequenceLength;
        }

        // No "x." + ".wav" = "x..wav", nor a stem ending in a space; the stem never starts with either.
        return stem.ToString().TrimEnd('.', ' ') + ext;
    }

    /// <summary>Names to try for a blob whose plain name is taken: <c>a.wav</c>, <c>a (2).wav</c>, <c>a (3).wav</c>, …</summary>
    public static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        var stem = Path.GetFileNameWithoutExtension(name);
        var ext = Path.GetExtension(name);
        for (var i = 2; ; i++)
        {
            yield return $"{stem} ({i}){ext}";
        }
    }
}
