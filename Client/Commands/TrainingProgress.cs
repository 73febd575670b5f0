using System.Globalization;
using EmotionGrid.Contracts.Models;
using Spectre.Console;

namespace EmotionGrid.Client.Commands;

/// <summary>How <c>train --wait</c> shows a run's stage and progress: a progress bar, plain lines, or nothing (<c>--json</c>).</summary>
internal abstract class TrainingProgress
{
    public abstract void Update(TrainingRunView run);

    public abstract Task RunAsync(Func<Task> work);

    public static TrainingProgress For(CommandSession session) =>
        session.Json ? new Silent() : session.Rich ? new Bar(session.AnsiConsole()) : new Lines(session.Output);

    internal static string Describe(TrainingRunView run) => run.Stage is { Length: > 0 } stage && run.Status == TrainCommand.RunStatus.Running
        ? $"{run.Status}: {stage}"
        : run.Status;

    private sealed class Silent : TrainingProgress
    {
        public override void Update(TrainingRunView run)
        {
        }

        public override Task RunAsync(Func<Task> work) => work();
    }

    /// <summary>A line when the status or stage changes, or the progress passes another tenth: fine in a log.</summary>
    private sealed class Lines(TextWriter output) : TrainingProgress
    {
        private string? _last;
        private int _tenth = -1;

        public override void Update(TrainingRunView run)
        {
            var description = Describe(run);
            var tenth = (int)Math.Floor(Math.Clamp(run.Progress, 0, 1) * 10);
            if (description == _last && tenth == _tenth)
            {
                return;
            }

            (_last, _tenth) = (description, tenth);
            var percent = (Math.Clamp(run.Progress, 0, 1) * 100).ToString("0", CultureInfo.InvariantCulture);
            output.WriteLine($"{percent,3} %  {description}");
        }

        public override Task RunAsync(Func<Task> work) => work();
    }

    /// <summary>A Spectre.Console progress bar whose description is the run's stage.</summary>
    private sealed class Bar(IAnsiConsole console) : TrainingProgress
    {
        private ProgressTask? _task;

        public override void Update(TrainingRunView run)
        {
            if (_task is null)
            {
                return;
            }

            _task.Description = Markup.Escape(Describe(run));
            _task.Value = Math.Clamp(run.Progress, 0, 1) * 100;
        }

        public override Task RunAsync(Func<Task> work) =>
            console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    _task = context.AddTask("queued", maxValue: 100);
                    await work();
                    _task.StopTask();
                });
    }
}
