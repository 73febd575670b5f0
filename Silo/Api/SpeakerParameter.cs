using EmotionGrid.Grains.Labels;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EmotionGrid.Silo.Api;

/// <summary>
/// The optional <c>speaker</c> of an upload or a prediction: a multipart form field or <c>?speaker=</c>. An empty value
/// counts as not given (an HTML form sends its empty text box); anything else must pass <see cref="SpeakerName"/>.
/// </summary>
public static class SpeakerParameter
{
    public const string Name = "speaker";

    /// <summary>Enough for any valid name; a longer field is cut here and refused as too long by <see cref="SpeakerName"/>.</summary>
    private const int MaxFieldChars = 1024;

    /// <summary>True for a plain form field (not a file) named <c>speaker</c>.</summary>
    public static bool IsSpeakerField(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
        && disposition.IsFormDisposition()
        && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, Name, StringComparison.Ordinal);

    /// <summary>The field's value, read without trusting its length.</summary>
    public static async Task<string> ReadFieldAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(section.Body, System.Text.Encoding.UTF8, leaveOpen: true);
        var buffer = new char[MaxFieldChars + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }

    /// <summary>
    /// The speaker from <c>?speaker=</c> and a form field (either may be null or empty: not given), or the reason it is refused:
    /// not a valid name, or two different names.
    /// </summary>
    public static (string? Speaker, string? Problem) Resolve(string? query, string? field = null)
    {
        query = string.IsNullOrEmpty(query) ? null : query;
        field = string.IsNullOrEmpty(field) ? null : field;
        if (query is not null && field is not null && !string.Equals(query, field, StringComparison.Ordinal))
        {
            return (null, $"two speakers were given: '{field}' in the form and '{query}' in ?speaker=; send one");
        }

        var speaker = field ?? query;
        return speaker is null ? (null, null) : SpeakerName.Problem(speaker) is { } problem ? (null, problem) : (speaker, null);
    }
}
