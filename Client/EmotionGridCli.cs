using System.CommandLine;
using System.CommandLine.Invocation;
using EmotionGrid.Client.Commands;

namespace EmotionGrid.Client;

/// <summary>The <c>emotiongrid</c> command line: built here, run by <see cref="Program"/> and by the tests in-process.</summary>
public static class EmotionGridCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = Build(context);
        var result = root.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            // System.CommandLine answers usage errors with 1; ours is 2, and one line per error.
            foreach (var error in result.Errors)
            {
                context.Error.WriteLine($"emotiongrid: {error.Message}");
            }

            context.Error.WriteLine("Run 'emotiongrid --help' for usage.");
            return ExitCodes.UsageOrConnection;
        }

        return await result.InvokeAsync(
            new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = true },
            cancellationToken);
    }

    internal static RootCommand Build(CliContext context)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("emotiongrid: submit speech to an EmotionGrid server, follow it, list it, export the vectors, label, train, manage model versions and predict.");
        options.AddTo(root);
        root.Subcommands.Add(SubmitCommand.Create(options, context));
        root.Subcommands.Add(StatusCommand.Create(options, context));
        root.Subcommands.Add(FilesCommand.Create(options, context));
        root.Subcommands.Add(ExportVectorsCommand.Create(options, context));
        root.Subcommands.Add(PredictCommand.Create(options, context));
        root.Subcommands.Add(LabelCommand.Create(options, context));
        root.Subcommands.Add(SpeakerCommand.Create(options, context));
        root.Subcommands.Add(TrainCommand.Create(options, context));
        root.Subcommands.Add(ModelsCommand.Create(options, context));
        root.Subcommands.Add(ActivateCommand.Create(options, context));
        return root;
    }
}
