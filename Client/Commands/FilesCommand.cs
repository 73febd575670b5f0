using System.CommandLine;
using System.Globalization;
using EmotionGrid.Client.Output;
using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Client.Commands;

/// <summary><c>emotiongrid files</c>: the catalog as a table, newest first, paging through the API as needed.</summary>
internal static class FilesCommand
{
    /// <summary>Characters of a transcript shown in the table; <c>--json</c> has the whole text.</summary>
    internal const int TextWidth = 40;

    /// <summary>What <c>files --json</c> writes: the files shown and how many match in all.</summary>
    internal sealed record FileListing(int Total, int Count, IReadOnlyList<FileSummary> Items);

    public static Command Create(GlobalOptions options, CliContext context)
    {
        var status = new Option<string?>("--status", "-s") { Description = "Only files in this status", HelpName = "STATUS" };
        status.AcceptOnlyFromAmong([.. FileStatus.All]);
        var query = new Option<string?>("--query", "-q") { Description = "Only files whose name, alias, id prefix or transcript words match", HelpName = "TEXT" };
        var limit = new Option<int>("--limit", "-n") { Description = "Show at most this many files (0: all)", HelpName = "N", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--limit must be 0 (all) or more");
            }
        });

        var command = new Command("files", "List files with their speaker, status, duration, embedder, error and what was said") { status, query, limit };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(status), result.GetValue(query), result.GetValue(limit), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, string? status, string? query, int limit, CancellationToken ct)
    {
        var listing = await session.Api.ListAllAsync(status, query, limit, session.Context.MaxPageSize, ct);
        var (items, total) = (listing.Items, listing.Total);
        if (session.Json)
        {
            session.WriteJson(new FileListing(total, items.Count, items));
            return ExitCodes.Ok;
        }

        if (items.Count == 0)
        {
            session.Output.WriteLine("no files");
            return ExitCodes.Ok;
        }

        // The text column only when some file has words, so a server without transcription lists files as before; the
        // speaker column likewise only when some file has a speaker.
        var withText = items.Any(f => !string.IsNullOrWhiteSpace(f.TranscriptText));
        var withSpeaker = items.Any(f => f.Speaker is not null);
        string[] head = ["name", .. withSpeaker ? ["speaker"] : Array.Empty<string>(), "status", "duration", "embedder", "error", .. withText ? ["text"] : Array.Empty<string>()];
        var table = new TextTable(head);
        foreach (var f in items)
        {
            string[] cells =
            [
                f.Name, .. withSpeaker ? [f.Speaker ?? "-"] : Array.Empty<string>(), f.Status, Duration(f.DurationSeconds), f.Embedder ?? "-", OneLine(f.Error) ?? "",
                .. withText ? [Shorten(f.TranscriptText, TextWidth)] : Array.Empty<string>(),
            ];
            table.Add(cells);
        }

        if (session.Rich)
        {
            table.WriteRich(session.AnsiConsole());
        }
        else
        {
            table.WritePlain(session.Output);
        }

        session.Output.WriteLine(items.Count == total
            ? $"{total} file{(total == 1 ? "" : "s")}"
            : $"{items.Count} of {total} files (--limit 0 shows all)");
        return ExitCodes.Ok;
    }

    private static string Duration(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => seconds.Value.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromSeconds(seconds.Value).ToString(seconds.Value >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture),
    };

    private static string? OneLine(string? text) => text?.ReplaceLineEndings(" ");

    /// <summary>One line of at most <paramref name="width"/> characters, ending in "…" when cut; "" for no text.</summary>
    internal static string Shorten(string? text, int width)
    {
        var line = OneLine(text)?.Trim() ?? "";
        return line.Length <= width ? line : line[..(width - 1)].TrimEnd() + "…";
    }
}
