using System.CommandLine;
using System.Net;
using EmotionGrid.Contracts.Labels;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid label CSV</c>: sends a labels CSV (columns <c>name</c> or <c>id</c>, and <c>emotion</c> and/or
/// <c>speaker</c>) to <c>POST /api/labels</c> and reports how many labels were applied and which names matched no file.
/// Unknown names alone are not a failure; a CSV the server refuses (400) or a missing file is (exit 1).
/// </summary>
internal static class LabelCommand
{
    public static Command Create(GlobalOptions options, CliContext context)
    {
        var csv = new Argument<string>("CSV") { Description = "A CSV with a header naming 'name' or 'id', and 'emotion' and/or 'speaker'" };
        var command = new Command("label", "Label files from a CSV of names (or ids) and emotions") { csv };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(csv)!, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, string path, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"'{path}' is a folder; label needs a CSV file");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"no such file: '{path}'");
        }

        var text = await File.ReadAllTextAsync(path, ct);
        var result = await CommandSession.RefusalFailsTheWork(
            session.Api.ImportLabelsAsync(text, ct), $"{Path.GetFileName(path)}: ", HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
        if (session.Json)
        {
            session.WriteJson(result);
            return ExitCodes.Ok;
        }

        Write(session.Output, result);
        return ExitCodes.Ok;
    }

    private static void Write(TextWriter output, LabelImportResult result)
    {
        var speakers = result.SpeakersSet > 0 ? $", set {result.SpeakersSet} speaker{(result.SpeakersSet == 1 ? "" : "s")}" : "";
        output.WriteLine($"applied {result.Applied} label{(result.Applied == 1 ? "" : "s")}{speakers}");
        if (result.Unknown.Count > 0)
        {
            output.WriteLine($"{result.Unknown.Count} unknown (no file with this name or id):");
            foreach (var name in result.Unknown)
            {
                output.WriteLine($"  {name}");
            }
        }
    }
}
