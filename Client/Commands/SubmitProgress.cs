using Spectre.Console;

namespace EmotionGrid.Client.Commands;

/// <summary>How <c>submit</c> shows its progress: a line per finished file, a progress bar, or nothing (<c>--json</c>).</summary>
internal abstract class SubmitProgress
{
    public abstract void Uploaded(SubmitCommand.SubmittedFile file);

    public abstract void Finished(SubmitCommand.SubmittedFile file);

    /// <summary>Runs <paramref name="work"/> with <paramref name="total"/> files to show progress for.</summary>
    public abstract Task RunAsync(int total, Func<Task> work);

    public static SubmitProgress For(CommandSession session) =>
        session.Json ? new Silent() : session.Rich ? new Bar(session.AnsiConsole()) : new Lines(session.Output);

    private sealed class Silent : SubmitProgress
    {
        public override void Uploaded(SubmitCommand.SubmittedFile file)
        {
        }

        public override void Finished(SubmitCommand.SubmittedFile file)
        {
        }

        public override Task RunAsync(int total, Func<Task> work) => work();
    }

    /// <summary>One line per finished file: greppable, and fine in a log.</summary>
    private sealed class Lines(TextWriter output) : SubmitProgress
    {
        private readonly Lock _lock = new();

        public override void Uploaded(SubmitCommand.SubmittedFile file)
        {
            if (file.Status == Contracts.Files.FileStatus.Failed)
            {
                Finished(file);
            }
        }

        public override void Finished(SubmitCommand.SubmittedFile file)
        {
            lock (_lock)
            {
                output.WriteLine(file.Error is null ? $"{file.Status,-9} {file.Name}" : $"{file.Status,-9} {file.Name}: {file.Error}");
            }
        }

        public override Task RunAsync(int total, Func<Task> work) => work();
    }

    /// <summary>Spectre.Console bars for uploading and embedding; failures are printed above them as they happen.</summary>
    private sealed class Bar(IAnsiConsole console) : SubmitProgress
    {
        private readonly Lock _lock = new();
        private ProgressTask? _uploading;
        private ProgressTask? _finishing;

        public override void Uploaded(SubmitCommand.SubmittedFile file)
        {
            lock (_lock)
            {
                _uploading?.Increment(1);
                if (file.Status == Contracts.Files.FileStatus.Failed)
                {
                    Finished(file);
                }
            }
        }

        public override void Finished(SubmitCommand.SubmittedFile file)
        {
            lock (_lock)
            {
                _finishing?.Increment(1);
                if (file.Error is not null)
                {
                    console.MarkupLineInterpolated($"[red]failed[/] {file.Name}: {file.Error}");
                }
            }
        }

        public override Task RunAsync(int total, Func<Task> work) =>
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async _ =>
                {
                    _uploading = _.AddTask("uploading", maxValue: total);
                    _finishing = _.AddTask("embedding", maxValue: total);
                    await work();
                    _uploading.Value = _uploading.MaxValue;
                    _finishing.Value = _finishing.MaxValue;
                });
    }
}
