using System.CommandLine;
using System.Net;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid activate V</c>: makes model version V active again (roll back or forward): every silo swaps to it
/// and every file is re-scored in the background. An unknown version is a failure (exit 1).
/// </summary>
internal static class ActivateCommand
{
    public static Command Create(GlobalOptions options, CliContext context)
    {
        var version = new Argument<int>("V") { Description = "The model version to make active (as 'emotiongrid models' lists it)" };
        var command = new Command("activate", "Make a model version active again (roll back or forward)") { version };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(version), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, int version, CancellationToken ct)
    {
        var summary = await CommandSession.RefusalFailsTheWork(session.Api.ActivateModelAsync(version, ct), "", HttpStatusCode.NotFound);
        if (session.Json)
        {
            session.WriteJson(summary);
            return ExitCodes.Ok;
        }

        session.Output.WriteLine(
            $"activated {ModelsCommand.Version(summary.Version)} ({summary.Embedder}; accuracy {PredictCommand.Percent(summary.Accuracy)}, " +
            $"macro-F1 {ModelsCommand.F1(summary.MacroF1)}); files are being re-scored in the background");
        return ExitCodes.Ok;
    }
}
