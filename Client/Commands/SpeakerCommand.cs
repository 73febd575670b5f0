using System.CommandLine;
using System.Net;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid speaker ID NAME</c>: records who speaks in one file (<c>PUT /api/files/{id}/speaker</c>; it wins over a
/// speaker read from a dataset file name) and shows the file. An unknown id (404) or a name the server refuses (400): exit 1.
/// </summary>
internal static class SpeakerCommand
{
    public static Command Create(GlobalOptions options, CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The file's id (as 'emotiongrid files --json' lists it)" };
        var name = new Argument<string>("NAME") { Description = "Who speaks: 1–64 letters, digits, '.', '_' or '-'" };
        var command = new Command("speaker", "Set who speaks in one file (used for speaker-grouped folds and per-speaker normalisation)") { id, name };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(id)!, result.GetValue(name)!, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, string id, string speaker, CancellationToken ct)
    {
        var file = await CommandSession.RefusalFailsTheWork(session.Api.SetSpeakerAsync(id, speaker, ct), "", HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        if (session.Json)
        {
            session.WriteJson(file);
            return ExitCodes.Ok;
        }

        session.Output.WriteLine($"id       {file.Id}");
        session.Output.WriteLine($"name     {file.Name}");
        session.Output.WriteLine($"status   {file.Status}");
        session.Output.WriteLine($"speaker  {file.Speaker}");
        return ExitCodes.Ok;
    }
}
