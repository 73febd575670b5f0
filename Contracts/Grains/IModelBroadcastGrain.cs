namespace EmotionGrid.Contracts.Grains;

/// <summary>
/// Tells every silo that a model version became active (published or re-activated). Each silo subscribes
/// an <see cref="IModelObserver"/> and renews it periodically; a silo that missed a message catches up
/// when it renews, and one that starts later loads the active version at start.
/// </summary>
public interface IModelBroadcastGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    Task SubscribeAsync(IModelObserver observer);

    Task UnsubscribeAsync(IModelObserver observer);

    /// <summary>Notifies every subscribed silo (each loads the version); returns how many were told.</summary>
    [ResponseTimeout("00:02:00")]
    Task<int> ModelActivatedAsync(int version);
}

/// <summary>One per silo: loads the active model when told.</summary>
public interface IModelObserver : IGrainObserver
{
    Task ModelActivatedAsync(int version);
}
