using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using EmotionGrid.Client.Output;
using EmotionGrid.Contracts.Models;

namespace EmotionGrid.Client.Commands;

/// <summary>
/// <c>emotiongrid train [--wait]</c>: starts a training run (<c>POST /api/train</c>). With <c>--wait</c> it follows the
/// run every second (stage and progress), then shows the new version's cross-validated accuracy, macro-F1, majority
/// baseline, per-class scores and confusion matrix. A run already going (409), too little labelled data (422), a
/// failed run or giving up waiting: exit 1.
/// </summary>
internal static class TrainCommand
{
    /// <summary>What <c>train --wait --json</c> writes: the run as it ended and, when it succeeded, the new version.</summary>
    internal sealed record TrainResult(TrainingRunView Run, ModelDetail? Model);

    public static Command Create(GlobalOptions options, CliContext context)
    {
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the run until it ends, then show the new version's scores and confusion matrix" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "With --wait: stop waiting after this many seconds (0: wait as long as it takes); the run goes on",
            HelpName = "SECONDS",
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--timeout must be 0 or more seconds");
            }
        });

        var command = new Command("train", "Train a new model version on the labelled files (one run at a time)") { wait, timeout };
        command.SetAction((result, ct) => CommandSession.RunAsync(result, options, context,
            (session, token) => RunAsync(session, result.GetValue(wait), result.GetValue(timeout), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandSession session, bool wait, int timeoutSeconds, CancellationToken ct)
    {
        var accepted = await CommandSession.RefusalFailsTheWork(
            session.Api.TrainAsync(ct), "cannot train: ", HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity);
        if (!wait)
        {
            if (session.Json)
            {
                session.WriteJson(accepted);
            }
            else
            {
                session.Output.WriteLine($"started training run {accepted.RunId}; 'emotiongrid models' lists the new version when it is done");
            }

            return ExitCodes.Ok;
        }

        var run = await FollowAsync(session, accepted.RunId, timeoutSeconds, ct);
        if (run.Status is not (RunStatus.Succeeded or RunStatus.Failed))
        {
            if (session.Json)
            {
                session.WriteJson(new TrainResult(run, null));
            }

            session.Error.WriteLine(
                $"emotiongrid: gave up waiting after {timeoutSeconds} s; training run {run.RunId} is still {run.Status}{(run.Stage is { } s ? $" ({s})" : "")} and goes on");
            return ExitCodes.WorkFailed;
        }

        if (run.Status == RunStatus.Failed)
        {
            if (session.Json)
            {
                session.WriteJson(new TrainResult(run, null));
            }

            session.Error.WriteLine(
                $"emotiongrid: training run {run.RunId} failed{(run.Stage is { } s ? $" at stage '{s}'" : "")}: {run.Error ?? "no reason recorded"}");
            return ExitCodes.WorkFailed;
        }

        if (run.ModelVersion is not { } version)
        {
            throw new CliException($"training run {run.RunId} succeeded but the server names no model version");
        }

        var model = await session.Api.GetModelAsync(version, ct);
        if (session.Json)
        {
            session.WriteJson(new TrainResult(run, model));
        }
        else
        {
            WriteModel(session, run, model);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Polls the run every <see cref="CliContext.TrainingPollInterval"/> until it ends or the timeout passes.</summary>
    private static async Task<TrainingRunView> FollowAsync(CommandSession session, string runId, int timeoutSeconds, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var progress = TrainingProgress.For(session);
        TrainingRunView? run = null;
        await progress.RunAsync(async () =>
        {
            while (true)
            {
                run = await session.Api.GetTrainingRunAsync(runId, ct);
                progress.Update(run);
                if (run.Status is RunStatus.Succeeded or RunStatus.Failed
                    || (timeoutSeconds > 0 && clock.Elapsed.TotalSeconds >= timeoutSeconds))
                {
                    return;
                }

                await Task.Delay(session.Context.TrainingPollInterval, ct);
            }
        });

        return run!;
    }

    private static void WriteModel(CommandSession session, TrainingRunView run, ModelDetail model)
    {
        var output = session.Output;
        var (summary, metrics, parameters) = (model.Summary, model.Metrics, model.Parameters);
        output.WriteLine($"training run {run.RunId} succeeded: {ModelsCommand.Version(summary.Version)} ({summary.Embedder}, {summary.Dimension} dimensions){(summary.Active ? ", active" : "")}");
        var weak = metrics.WeakLabels > 0 ? $" ({metrics.WeakLabels} weak)" : "";
        output.WriteLine(
            $"cross-validated on {metrics.LabelledFiles} labelled files{weak} of {metrics.Speakers} speaker{(metrics.Speakers == 1 ? "" : "s")}, " +
            $"{metrics.Folds} speaker-grouped folds");
        var rows = new List<(string Label, string Value)>
        {
            ("accuracy", PredictCommand.Percent(metrics.Accuracy)),
            ("macro-F1", ModelsCommand.F1(metrics.MacroF1)),
            ("majority baseline", PredictCommand.Percent(metrics.MajorityBaseline)),
        };
        if (metrics.Ece is { } ece)
        {
            rows.Add(("calibration error", $"ECE {ModelsCommand.F1(ece)}{(metrics.UncalibratedEce is { } raw ? $" (uncalibrated {ModelsCommand.F1(raw)}, temperature {model.Temperature.ToString("F2", CultureInfo.InvariantCulture)})" : "")}"));
        }

        if (metrics.ClusterNmi is { } nmi && metrics.ClusterAri is { } ari)
        {
            rows.Add(("clusters vs labels", $"NMI {ModelsCommand.F1(nmi)}, ARI {ModelsCommand.F1(ari)}"));
        }

        if (metrics.ClusterSpeakerNmi is { } speakerNmi)
        {
            rows.Add(("clusters vs speakers", $"NMI {ModelsCommand.F1(speakerNmi)}"));
        }

        rows.Add(("normalisation", summary.Normalisation == "speaker" && model.MinSpeakerFiles is { } minFiles
            ? $"per speaker ({metrics.SpeakerNormalisedFiles ?? 0} files by their speaker's statistics; a speaker needs {minFiles} files), global otherwise"
            : summary.Normalisation));
        rows.Add(("learner", summary.Learner));
        rows.Add(("parameters", parameters is not null
            ? string.Create(CultureInfo.InvariantCulture,
                $"{parameters.Trees} trees, depth {(parameters.MaxDepth is { } d ? d.ToString(CultureInfo.InvariantCulture) : "unlimited")}, min leaf {parameters.MinSamplesLeaf}, {parameters.MaxFeatures} features per split")
            : string.Join(", ", (model.LearnerSettings ?? new Dictionary<string, string>()).Select(s => $"{s.Key} {s.Value}"))));
        var width = rows.Max(r => r.Label.Length);
        foreach (var (label, value) in rows)
        {
            output.WriteLine($"{label.PadRight(width)}  {value}");
        }

        output.WriteLine();
        output.WriteLine("confusion matrix (rows: true emotion, columns: predicted):");
        ConfusionTable(metrics).Write(session);

        output.WriteLine();
        var perClass = new TextTable("emotion", "precision", "recall", "F1", "support");
        foreach (var c in metrics.PerClass)
        {
            perClass.Add(c.Emotion, ModelsCommand.F1(c.Precision), ModelsCommand.F1(c.Recall), ModelsCommand.F1(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        }

        perClass.Write(session);
    }

    /// <summary>The confusion matrix with right-aligned counts, rows and columns in the metrics' emotion order.</summary>
    internal static TextTable ConfusionTable(ModelMetrics metrics)
    {
        var emotions = metrics.Emotions;
        var widths = emotions.Select((e, c) => Math.Max(e.Length, metrics.Confusion.Max(row => c < row.Length ? Digits(row[c]) : 1))).ToArray();
        var table = new TextTable(["", .. emotions.Select((e, c) => e.PadLeft(widths[c]))]);
        for (var r = 0; r < emotions.Count && r < metrics.Confusion.Length; r++)
        {
            var row = metrics.Confusion[r];
            table.Add([emotions[r], .. emotions.Select((_, c) => (c < row.Length ? row[c] : 0).ToString(CultureInfo.InvariantCulture).PadLeft(widths[c]))]);
        }

        return table;
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>The statuses of <see cref="TrainingRunView.Status"/>.</summary>
    internal static class RunStatus
    {
        public const string Queued = "queued";
        public const string Running = "running";
        public const string Succeeded = "succeeded";
        public const string Failed = "failed";
    }
}
