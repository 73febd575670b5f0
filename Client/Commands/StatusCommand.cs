using System.CommandLine;
using EmotionGrid.Contracts.Files;

namespace EmotionGrid.Client.Commands;

/// <summary><c>emotiongrid status</c>: counts of files by status and the server's embedder.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions options, CliContext context)
    {
        var command = new Command("status", "Show how many files the server has in each status, and its embedder");
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context, RunAsync, ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, CancellationToken ct)
    {
        var summary = await session.Api.StatusAsync(ct);
        if (session.Json)
        {
            session.WriteJson(summary);
            return ExitCodes.Ok;
        }

        var rows = new List<(string Label, string Value)> { ("total", Number(summary.Total)) };
        rows.AddRange(FileStatus.All.Select(s => (s, Number(summary.ByStatus.GetValueOrDefault(s)))));
        rows.AddRange(summary.ByStatus.Keys.Where(k => !FileStatus.IsKnown(k)).Order(StringComparer.Ordinal).Select(k => (k, Number(summary.ByStatus[k]))));
        rows.Add(("embedder", summary.Embedder));
        if (summary.EmbedderRuntime is { ExecutionProvider: { } provider } runtime)
        {
            rows.Add(("onnx runtime", $"{runtime.OnnxRuntime} ({runtime.OnnxRuntimePackage}), {runtime.Precision}"));
            rows.Add(("provider", $"{provider}: {runtime.ProviderReason}"));
            rows.Add(("batching", $"up to {runtime.MaxBatch} clips / {runtime.MaxBatchSeconds} s per run, wait {runtime.MaxWaitMilliseconds} ms; {runtime.Clips} clips in {runtime.Runs} runs, {runtime.PaddingFraction:P0} padding"));
        }

        var width = rows.Max(r => r.Label.Length);
        foreach (var (label, value) in rows)
        {
            session.Output.WriteLine($"{label.PadRight(width)}  {value}");
        }

        return ExitCodes.Ok;
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
