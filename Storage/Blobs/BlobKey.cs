namespace EmotionGrid.Storage.Blobs;

/// <summary>Validation of blob keys and of the names users give files.</summary>
public static class BlobKey
{
    private const int MaxNameLength = 200;

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
        var chars = lastSegment.Select(c => char.IsControl(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c).ToArray();
        var safe = new string(chars).Replace("..", "_", StringComparison.Ordinal).Trim().TrimStart('.', ' ');
        if (safe.Length == 0)
        {
            return fallback;
        }

        if (safe.Length > MaxNameLength)
        {
            var ext = Path.GetExtension(safe);
            safe = safe[..(MaxNameLength - ext.Length)] + ext;
        }

        return safe;
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
