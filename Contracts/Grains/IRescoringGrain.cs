namespace EmotionGrid.Contracts.Grains;

/// <summary>Re-scores every embedded file with one model version (key = the version); stops when another version becomes active.</summary>
public interface IRescoringGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a pass unless one is running (a version activated again is re-scored again); returns at once.</summary>
    Task StartAsync();

    /// <summary>Files scored so far, and whether the pass has ended.</summary>
    Task<RescoringProgress> ProgressAsync();
}

[GenerateSerializer, Immutable, Alias("emotiongrid.rescoringProgress")]
public sealed record RescoringProgress(int Scored, bool Finished, bool Superseded);
