using EmotionGrid.Contracts.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmotionGrid.Grains.Inference;

/// <summary>
/// This silo's subscription to model changes: loads the active version at start, subscribes to the
/// <see cref="IModelBroadcastGrain"/>, and renews the subscription (and re-reads the registry, which
/// catches anything missed) every <see cref="RenewEvery"/>.
/// </summary>
public sealed class ModelObserver(IGrainFactory grains, ActiveModelCache models, ILogger<ModelObserver> logger) : BackgroundService, IModelObserver
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    public async Task ModelActivatedAsync(int version)
    {
        var model = await models.RefreshAsync();
        logger.LogDebug("Told v{Version} is active; this silo now predicts with {Current}", version, model?.Version);
    }

    /// <summary>The active version is loaded before the silo serves anything.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await models.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IModelObserver>(this);
        var broadcaster = grains.GetGrain<IModelBroadcastGrain>(IModelBroadcastGrain.Key);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = RenewEvery;
            try
            {
                await broadcaster.SubscribeAsync(self);
                await models.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                wait = TimeSpan.FromSeconds(1); // e.g. the broadcaster's silo just died: try again soon
                logger.LogWarning(e, "Renewing the model subscription failed; retrying in {Seconds} s", wait.TotalSeconds);
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            await broadcaster.UnsubscribeAsync(self);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Unsubscribing from model changes at shutdown failed");
        }

        grains.DeleteObjectReference<IModelObserver>(self);
    }
}
