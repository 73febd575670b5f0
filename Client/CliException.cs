namespace EmotionGrid.Client;

/// <summary>A failure a command reports as one line on stderr, with the exit code it ends with.</summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
        : this("failed", ExitCodes.WorkFailed)
    {
    }

    public CliException(string message)
        : this(message, ExitCodes.WorkFailed)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.WorkFailed;
    }

    public int ExitCode { get; }
}
