namespace EmotionGrid.Client;

/// <summary>The process exit codes of <c>emotiongrid</c>.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>The work itself went wrong: a file failed, a path does not exist.</summary>
    public const int WorkFailed = 1;

    /// <summary>Bad usage, or the server could not be reached or refused a request.</summary>
    public const int UsageOrConnection = 2;
}
