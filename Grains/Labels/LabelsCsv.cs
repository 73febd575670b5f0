namespace EmotionGrid.Grains.Labels;

/// <summary>
/// Parses a labels CSV: a header naming <c>name</c> or <c>id</c>, and <c>emotion</c>, <c>speaker</c> or both
/// (any order, case-insensitive), RFC 4180 quoting. A row may give a speaker and leave the emotion empty: it sets
/// who speaks and leaves the label alone. Throws <see cref="LabelFormatException"/> with the line number.
/// </summary>
public static class LabelsCsv
{
    /// <summary>One row: <see cref="Emotion"/> or <see cref="Speaker"/> may be null, never both.</summary>
    public sealed record Row(int Line, string? Id, string? Name, string? Emotion, string? Speaker);

    public static IReadOnlyList<Row> Parse(string text)
    {
        var records = ReadRecords(text).ToList();
        if (records.Count == 0)
        {
            throw new LabelFormatException("the CSV is empty; expected a header with 'name' or 'id', and 'emotion' and/or 'speaker'");
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name);
        var (id, name, emotion, speaker) = (Column("id"), Column("name"), Column("emotion"), Column("speaker"));
        if ((emotion < 0 && speaker < 0) || (id < 0 && name < 0))
        {
            throw new LabelFormatException($"the CSV header must name 'emotion' or 'speaker' (or both) and 'name' or 'id'; it has: {string.Join(", ", header)}");
        }

        var rows = new List<Row>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string? Field(int index) => index >= 0 && index < fields.Count && !string.IsNullOrWhiteSpace(fields[index]) ? fields[index].Trim() : null;
            if (Field(id) is null && Field(name) is null)
            {
                throw new LabelFormatException($"line {line}: neither a name nor an id");
            }

            var (value, who) = (Field(emotion), Field(speaker));
            if (value is null && who is null)
            {
                throw new LabelFormatException(speaker < 0 ? $"line {line}: the emotion is empty" : $"line {line}: neither an emotion nor a speaker");
            }

            try
            {
                rows.Add(new Row(line, Field(id)?.ToLowerInvariant(), Field(name), value is null ? null : EmotionName.Normalize(value), who is null ? null : SpeakerName.Validate(who)));
            }
            catch (LabelFormatException e)
            {
                throw new LabelFormatException($"line {line}: {e.Message}");
            }
        }

        return rows;
    }

    private static IEnumerable<(int Line, List<string> Fields)> ReadRecords(string text)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return (recordLine, fields);
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new LabelFormatException($"line {recordLine}: a quoted field is not closed");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
