using System.Text.Json;
using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Storage.Catalog;

/// <summary>How the SQL catalogs store a <see cref="Transcript"/>: one JSON column, plus its text in its own column for search.</summary>
internal static class TranscriptJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(Transcript? transcript) => transcript is null ? null : JsonSerializer.Serialize(transcript, Options);

    public static Transcript? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<Transcript>(json, Options);
}
