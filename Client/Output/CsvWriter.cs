using System.Text;

namespace EmotionGrid.Client.Output;

/// <summary>RFC 4180 CSV: fields with a comma, quote, line break or edge space are quoted, quotes doubled, CRLF rows.</summary>
internal static class CsvWriter
{
    public static void WriteRow(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            writer.Write(Escape(field));
            first = false;
        }

        writer.Write("\r\n");
    }

    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }

        var needsQuotes = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]);
        return needsQuotes ? new StringBuilder(field.Length + 2).Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString() : field;
    }
}
