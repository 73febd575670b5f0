namespace EmotionGrid.Contracts.Grains;

/// <summary>The cluster's one trainer (key <see cref="Key"/>): one run at a time, progress in the registry.</summary>
public interface ITrainingGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Starts a run unless one is queued or running; returns at once with that run either way.</summary>
    Task<TrainingStart> StartAsync();

    /// <summary>A labelled file was embedded: starts a run when <c>Training:AutoTrainAfterNewLabels</c> labels arrived since the last model.</summary>
    Task LabelledFileArrivedAsync();

    /// <summary>Makes an existing version the active one (roll back or forward) on every silo and re-scores; false when there is no such version.</summary>
    [ResponseTimeout("00:02:00")]
    Task<bool> ActivateAsync(int version);

    /// <summary>Fails runs a dead silo left queued or running (this activation holds no such run); called by the sweeper.</summary>
    Task RecoverAsync();
}

/// <summary>Whether <see cref="ITrainingGrain.StartAsync"/> started <paramref name="RunId"/> or found it already <paramref name="Status"/>.</summary>
[GenerateSerializer, Immutable, Alias("emotiongrid.trainingStart")]
public sealed record TrainingStart(bool Started, string RunId, string Status);
