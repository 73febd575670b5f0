using EmotionGrid.Contracts.Grains;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// Keeps one <see cref="IModelObserver"/> per silo and tells them all when a version becomes active.
/// Subscriptions expire unless renewed (<see cref="SubscriptionLifetime"/>), so a dead silo drops out and a
/// restarted broadcaster fills up again from the silos' renewals.
/// </summary>
public sealed class ModelBroadcastGrain(ILogger<ModelBroadcastGrain> logger) : Grain, IModelBroadcastGrain
{
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IModelObserver> _observers = new(SubscriptionLifetime, logger);

    public Task SubscribeAsync(IModelObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IModelObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<int> ModelActivatedAsync(int version)
    {
        var told = 0;
        await _observers.Notify(async o =>
        {
            await o.ModelActivatedAsync(version);
            Interlocked.Increment(ref told);
        });
        logger.LogInformation("Model v{Version} is active: told {Silos} silos", version, told);
        return told;
    }
}
