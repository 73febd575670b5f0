namespace EmotionGrid.Client;

/// <summary>
/// Where a run of the CLI writes and how it talks to the server. <see cref="Program"/> passes the console;
/// tests pass <see cref="StringWriter"/>s and run the CLI in-process.
/// </summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when <see cref="Output"/> is a terminal: progress bars and boxed tables instead of plain lines.</summary>
    public bool Interactive { get; init; }

    /// <summary>The server when <c>--server</c> is not given and <c>EMOTIONGRID_SERVER</c> is not set.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>Largest page asked of <c>GET /api/files</c> (the gateway's maximum); tests lower it to exercise paging.</summary>
    internal int MaxPageSize { get; init; } = 500;

    /// <summary>How often <c>submit</c> asks for the status of files it waits on.</summary>
    internal TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often <c>train --wait</c> asks for the state of its run.</summary>
    internal TimeSpan TrainingPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Files uploaded (and downloaded) at once.</summary>
    internal int Parallelism { get; init; } = 4;
}
