namespace EmotionGrid.Client.Api;

/// <summary>No answer from the server at all: refused, unresolvable, timed out.</summary>
public sealed class ServerUnreachableException : Exception
{
    public ServerUnreachableException(Uri server, string reason, Exception? innerException = null)
        : base($"cannot reach the EmotionGrid server at {server.ToString().TrimEnd('/')}: {reason}", innerException)
    {
        Server = server;
    }

    public ServerUnreachableException()
        : this(new Uri(CliContext.DefaultServer), "no answer")
    {
    }

    public ServerUnreachableException(string message)
        : base(message)
    {
        Server = new Uri(CliContext.DefaultServer);
    }

    public ServerUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Server = new Uri(CliContext.DefaultServer);
    }

    public Uri Server { get; }
}
