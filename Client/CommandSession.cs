using System.CommandLine;
using System.Text.Json;
using EmotionGrid.Client.Api;
using Spectre.Console;

namespace EmotionGrid.Client;

/// <summary>What one command's action works with: the API client, the writers and the global options' values.</summary>
internal sealed class CommandSession(CliContext context, EmotionGridApiClient api, bool json)
{
    private static readonly JsonSerializerOptions Indented = new(EmotionGridApiClient.Json) { WriteIndented = true };

    public EmotionGridApiClient Api { get; } = api;

    public TextWriter Output => Context.Output;

    public TextWriter Error => Context.Error;

    public bool Json { get; } = json;

    public CliContext Context { get; } = context;

    /// <summary>Rich output (progress bars, boxed tables) only on a terminal and never with <c>--json</c>.</summary>
    public bool Rich => Context.Interactive && !Json;

    public IAnsiConsole AnsiConsole() =>
        Spectre.Console.AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Output) });

    public void WriteJson<T>(T value) => Output.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>
    /// Wraps a command's work: parses the global options, builds the API client, and turns every expected
    /// failure into one line on stderr and its exit code.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult result,
        GlobalOptions options,
        CliContext context,
        Func<CommandSession, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken)
    {
        try
        {
            var server = ParseServer(result.GetValue(options.Server));
            using var api = EmotionGridApiClient.Create(server, result.GetValue(options.ApiKey));
            var session = new CommandSession(context, api, result.GetValue(options.Json));
            return await work(session, cancellationToken);
        }
        catch (CliException e)
        {
            return Fail(context, e.Message, e.ExitCode);
        }
        catch (ServerUnreachableException e)
        {
            return Fail(context, e.Message, ExitCodes.UsageOrConnection);
        }
        catch (EmotionGridApiException e)
        {
            return Fail(context, $"the server refused the request: {e.Message}", ExitCodes.UsageOrConnection);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(context, "cancelled", ExitCodes.WorkFailed);
        }
        catch (IOException e)
        {
            return Fail(context, e.Message, ExitCodes.WorkFailed);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(context, e.Message, ExitCodes.WorkFailed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug of ours, or something nobody foresaw: still one line, with what it was.
            return Fail(context, $"unexpected error: {e.GetType().Name}: {e.Message}", ExitCodes.WorkFailed);
        }
    }

    /// <summary>
    /// Awaits <paramref name="request"/>; a refusal with one of <paramref name="statuses"/> is a failure of the work
    /// (exit 1 with the server's detail, after <paramref name="prefix"/>), not of usage or the connection.
    /// </summary>
    public static async Task<T> RefusalFailsTheWork<T>(Task<T> request, string prefix, params System.Net.HttpStatusCode[] statuses)
    {
        try
        {
            return await request;
        }
        catch (EmotionGridApiException e) when (statuses.Contains(e.StatusCode))
        {
            throw new CliException(prefix + e.Message, ExitCodes.WorkFailed);
        }
    }

    public static int Fail(CliContext context, string message, int exitCode)
    {
        context.Error.WriteLine($"emotiongrid: {message}");
        return exitCode;
    }

    private static Uri ParseServer(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)
            || !Uri.TryCreate(value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--server '{value}' is not an http(s) URL, e.g. {CliContext.DefaultServer}", ExitCodes.UsageOrConnection);
        }

        // A base address must end with '/' for relative request paths to keep any path prefix (a reverse proxy's /emotiongrid/).
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }
}
