using System.CommandLine;

namespace EmotionGrid.Client;

/// <summary>Options every command accepts (<see cref="Option.Recursive"/>): the server, the API key and <c>--json</c>.</summary>
internal sealed class GlobalOptions
{
    public Option<string> Server { get; } = new("--server")
    {
        Description = "The EmotionGrid server; $EMOTIONGRID_SERVER when not given",
        HelpName = "URL",
        Recursive = true,
        DefaultValueFactory = _ =>
            Environment.GetEnvironmentVariable("EMOTIONGRID_SERVER") is { Length: > 0 } fromEnv ? fromEnv : CliContext.DefaultServer,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "Sent as the X-Api-Key header",
        HelpName = "KEY",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the result as JSON instead of text",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }
}
