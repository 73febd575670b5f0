using System.CommandLine;
using System.Globalization;
using EmotionGrid.Client.Output;
using EmotionGrid.Contracts.Models;

namespace EmotionGrid.Client.Commands;

/// <summary><c>emotiongrid models</c>: every model version, newest first, with its cross-validated scores; <c>*</c> marks the active one.</summary>
internal static class ModelsCommand
{
    public static Command Create(GlobalOptions options, CliContext context)
    {
        var command = new Command("models", "List model versions with their accuracy, macro-F1 and baseline; * marks the active one");
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context, RunAsync, ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, CancellationToken ct)
    {
        var models = await session.Api.ListModelsAsync(ct);
        if (session.Json)
        {
            session.WriteJson(models);
            return ExitCodes.Ok;
        }

        if (models.Count == 0)
        {
            session.Output.WriteLine("no models yet: label files, then run 'emotiongrid train'");
            return ExitCodes.Ok;
        }

        var table = new TextTable("version", "created", "embedder", "learner", "normalisation", "accuracy", "macro-F1", "baseline", "active");
        foreach (var m in models)
        {
            table.Add(Version(m.Version), Created(m.CreatedAt), m.Embedder, m.Learner, m.Normalisation, PredictCommand.Percent(m.Accuracy), F1(m.MacroF1), PredictCommand.Percent(m.MajorityBaseline), m.Active ? "*" : "");
        }

        table.Write(session);
        return ExitCodes.Ok;
    }

    internal static string Version(int version) => "v" + version.ToString(CultureInfo.InvariantCulture);

    internal static string F1(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Created(DateTimeOffset createdAt) => createdAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
