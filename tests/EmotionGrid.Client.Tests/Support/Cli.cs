namespace EmotionGrid.Client.Tests.Support;

/// <summary>One in-process run of the CLI: its exit code and what it wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>emotiongrid</c> in-process with captured writers (fast; no child process for the client).</summary>
public static class Cli
{
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(maxPageSize: null, args);

    public static async Task<CliRun> RunAsync(int? maxPageSize, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error)
        {
            MaxPageSize = maxPageSize ?? 500,
            PollInterval = TimeSpan.FromMilliseconds(200),
            TrainingPollInterval = TimeSpan.FromMilliseconds(250),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var code = await EmotionGridCli.RunAsync(args, context, timeout.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
