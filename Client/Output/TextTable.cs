using Spectre.Console;

namespace EmotionGrid.Client.Output;

/// <summary>
/// A table of text cells: plain space-aligned columns for pipes and files (one row per line, nothing cut),
/// a Spectre.Console table on a terminal.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>Boxed on a terminal (<see cref="CommandSession.Rich"/>), plain columns otherwise.</summary>
    public void Write(CommandSession session)
    {
        if (session.Rich)
        {
            WriteRich(session.AnsiConsole());
        }
        else
        {
            WritePlain(session.Output);
        }
    }

    public void WritePlain(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(headers, widths));
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    public void WriteRich(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in _rows)
        {
            table.AddRow(row.Select(c => new Text(c)).ToArray<Spectre.Console.Rendering.IRenderable>());
        }

        console.Write(table);
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
